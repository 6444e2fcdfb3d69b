"""Template tags for the sign-in page."""

from __future__ import annotations

from django import template

from equitylens.accounts.services.sso import SsoOption, sign_in_options

register = template.Library()


@register.simple_tag
def sso_sign_in_options() -> list[SsoOption]:
    """The organizations offering "Sign in with <Organization>"."""
    return sign_in_options()
