"""The client address used by rate limits and lockouts (equitylens.web.client_address)."""

from __future__ import annotations

from typing import Any

from django.test import RequestFactory

from equitylens.web.client_address import client_ip


def request_from(remote: str, forwarded: str | None = None) -> Any:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_a_trusted_proxy_the_header_is_ignored(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_the_last_forwarded_hop_is_the_client(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    # The client may forge entries on the left; only the proxy's own entry is trusted.
    request = request_from("10.0.0.2", "6.6.6.6, 198.51.100.23")
    assert client_ip(request) == "198.51.100.23"


def test_two_proxies_and_missing_or_bad_values(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.2", "198.51.100.23, 10.0.0.9")) == "198.51.100.23"
    assert client_ip(request_from("10.0.0.2", "198.51.100.23")) == "10.0.0.2"
    assert client_ip(request_from("not-an-address")) is None
