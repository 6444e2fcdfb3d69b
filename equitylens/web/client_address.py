"""The address a request really came from, for rate limits and lockouts.

Behind a reverse proxy every request arrives from the proxy's address; the client's
is the entry TRUSTED_PROXY_COUNT places from the right of X-Forwarded-For (entries
further left can be forged by the client). With no trusted proxy, REMOTE_ADDR.
"""

from __future__ import annotations

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address, or None when none is known or it is malformed."""
    candidate = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("x-forwarded-for", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
    if not candidate:
        return None
    try:
        return str(ip_address(candidate))
    except ValueError:
        return None
