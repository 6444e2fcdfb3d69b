"""django-allauth adapters: where sign-in meets our membership rules.

allauth calls these hooks; each one only reads the request and calls a service in
equitylens.accounts.services, so the rules stay in one place and are testable alone.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse

from equitylens.accounts.models import User
from equitylens.accounts.services import memberships, sso

security_log = logging.getLogger("equitylens.security")


class AccountAdapter(DefaultAccountAdapter):
    """Local e-mail + password accounts."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": (
            "The e-mail address or the password is not right. Check both, or use "
            "“Forgot your password?” to set a new one."
        ),
        "too_many_login_attempts": (
            "Too many failed sign-ins. Wait 15 minutes and try again, or use "
            "“Forgot your password?” to set a new one."
        ),
        "email_taken": (
            "An account with this e-mail address already exists. Sign in instead, or use "
            "“Forgot your password?”."
        ),
    }

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Refuse a sign-in over the rate limit, and record that it was refused."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            security_log.warning(
                "sign-in refused (rate limit) email=%s ip=%s",
                credentials.get("email", ""),
                self._client_ip(request),
            )
            raise

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        """Record a failed sign-in with the e-mail address tried and the client's IP."""
        security_log.warning(
            "sign-in failed email=%s ip=%s",
            credentials.get("email", ""),
            self._client_ip(request),
        )

    def _client_ip(self, request: HttpRequest) -> str:
        try:
            return self.get_client_ip(request)
        except PermissionDenied:  # allauth's answer when no address is known
            return request.META.get("REMOTE_ADDR", "unknown")

    def confirm_email(self, request: HttpRequest, email_address: EmailAddress) -> bool:
        """Verify the address, then let a verified address prove organization membership."""
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            memberships.ensure_domain_memberships(email_address.user)
        return confirmed

    def login(self, request: HttpRequest, user: Any) -> None:
        """Sign in; any verified address in an organization's domain proves membership."""
        super().login(request, user)
        memberships.ensure_domain_memberships(user)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Send people who have not completed their profile to it, once signed in."""
        if _needs_profile(request):
            return reverse("accounts:profile")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        """A new account's first stop is the profile (credit needs it)."""
        if _needs_profile(request):
            return reverse("accounts:profile")
        return super().get_signup_redirect_url(request)


def _needs_profile(request: HttpRequest) -> bool:
    user = request.user
    return isinstance(user, User) and not user.has_complete_profile


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Organization single sign-on (OpenID Connect)."""

    def is_email_verified(self, provider: Any, email: str) -> bool:
        """An organization's identity provider vouches for addresses in its own domains."""
        if super().is_email_verified(provider, email):
            return True
        organization = sso.organization_for_app(getattr(provider, "app", None))
        return organization is not None and sso.idp_vouches_for_email(
            organization, email, claimed=False
        )

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """A returning (or e-mail-matched) person proved membership by signing in."""
        super().pre_social_login(request, sociallogin)
        if sociallogin.is_existing:
            self._record(sociallogin)

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> Any:
        """A new person signed up through their organization's SSO: record the membership."""
        user = super().save_user(request, sociallogin, form)
        self._record(sociallogin)
        return user

    def _record(self, sociallogin: SocialLogin) -> None:
        # allauth names an OpenID Connect login after the app's provider_id: the slug.
        organization = sso.organization_for_provider_id(sociallogin.account.provider)
        if organization is not None and isinstance(sociallogin.user, User):
            sso.record_sso_sign_in(sociallogin.user, organization)
