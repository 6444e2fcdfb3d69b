"""A real OpenID Connect provider (oidc-provider-mock) on loopback, and the steps a person takes.

Nothing of ours is mocked: allauth fetches the provider's discovery document, keys,
tokens and user info over HTTP exactly as it would from a hospital's identity provider.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from django.test import Client

from equitylens.accounts.models import Organization
from equitylens.accounts.services.sso import configure_sso, login_path


@contextmanager
def identity_provider() -> Iterator[str]:
    """Run oidc-provider-mock in a thread; yield its issuer URL (any client ID/secret works)."""
    import oidc_provider_mock

    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


def connect(organization: Organization, issuer: str) -> None:
    """Give `organization` single sign-on through the provider at `issuer`."""
    configure_sso(organization, issuer=issuer, client_id="equitylens-test", secret="test-secret")


def set_identity(issuer: str, subject: str, **claims: Any) -> None:
    """Tell the provider which claims (email, email_verified, given_name, …) `subject` has."""
    response = requests.put(f"{issuer}/users/{quote(subject)}", json=claims, timeout=10)
    assert response.status_code == 204, response.text


def sso_sign_in(
    client: Client, organization: Organization, subject: str, next_url: str = ""
) -> Any:
    """Press "Sign in with <organization>", authorize as `subject` at the provider.

    Returns our response to the provider's redirect back (the callback).
    """
    data = {"process": "login", **({"next": next_url} if next_url else {})}
    start = client.post(login_path(organization), data)
    assert start.status_code == 302, start.content.decode()[:500]
    authorize = requests.post(
        start["Location"], data={"sub": subject}, allow_redirects=False, timeout=10
    )
    assert authorize.status_code == 302, authorize.text[:500]
    callback = urlsplit(authorize.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")
