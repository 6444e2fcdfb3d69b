"""allauth's sign-in, sign-up and password-reset forms in our words.

Fields are labelled "E-mail" and "Password" (never placeholders instead of labels),
and each keeps the browser's autocomplete hints so password managers work.
Registered through ACCOUNT_FORMS in settings.
"""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from django import forms


def _plain(field: forms.Field, label: str, help_text: str = "") -> None:
    field.label = label
    field.help_text = help_text
    field.widget.attrs.pop("placeholder", None)


class LoginForm(allauth_forms.LoginForm):
    """E-mail and password; "Forgot your password?" is a link beside the form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(self.fields["login"], "E-mail")
        self.fields["login"].widget.attrs["autocomplete"] = "email"
        _plain(self.fields["password"], "Password")
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"


class SignupForm(allauth_forms.SignupForm):
    """A new account: e-mail (verified by a link) and a password typed twice."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(
            self.fields["email"],
            "E-mail",
            "Use your work address: it can prove you belong to your organization.",
        )
        _plain(
            self.fields["password1"],
            "Password",
            "At least 8 characters; not only digits, not a common password.",
        )
        _plain(self.fields["password2"], "Password again")


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    """Ask for a link to set a new password."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(self.fields["email"], "E-mail", "The address you sign in with.")


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    """Choose the new password."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(
            self.fields["password1"],
            "New password",
            "At least 8 characters; not only digits, not a common password.",
        )
        _plain(self.fields["password2"], "New password again")
