"""django-allauth adapters: where sign-in meets our membership rules."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Local e-mail + password accounts."""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Organization single sign-on (OpenID Connect)."""
