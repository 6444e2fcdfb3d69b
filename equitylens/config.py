"""Reading deployment configuration from the environment (12-factor).

Every setting has a default that runs the demo; production overrides them with
environment variables documented in docs/operations.md.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


def env_str(name: str, default: str) -> str:
    """Return the environment variable `name`, or `default` when unset or empty."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no variable: 1, true, yes, on (any case) mean yes."""
    value = os.environ.get(name, "")
    if value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """Read an integer variable, failing loudly on a malformed value."""
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ValueError(f"Environment variable {name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list."""
    value = os.environ.get(name, "")
    if value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def email_settings(url: str) -> dict[str, Any]:
    """Turn EMAIL_URL into Django's MAILERS["default"] (backend and options).

    Supported schemes: ``console://``, ``locmem://``, ``file:///path/to/dir``,
    ``smtp://user:password@host:port`` (plain, or STARTTLS with ``?tls=1``),
    ``smtp+tls://…`` (STARTTLS) and ``smtps://…`` (implicit TLS).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    backends = "django.core.mail.backends."
    if scheme == "console":
        return {"BACKEND": backends + "console.EmailBackend"}
    if scheme == "locmem":
        return {"BACKEND": backends + "locmem.EmailBackend"}
    if scheme == "file":
        return {
            "BACKEND": backends + "filebased.EmailBackend",
            "OPTIONS": {"file_path": unquote(parts.path)},
        }
    if scheme in {"smtp", "smtp+tls", "smtps"}:
        query = parse_qs(parts.query)
        use_tls = scheme == "smtp+tls" or query.get("tls", ["0"])[0] in {"1", "true"}
        return {
            "BACKEND": backends + "smtp.EmailBackend",
            "OPTIONS": {
                "host": parts.hostname or "localhost",
                "port": parts.port or (465 if scheme == "smtps" else 587 if use_tls else 25),
                "username": unquote(parts.username or ""),
                "password": unquote(parts.password or ""),
                "use_tls": use_tls,
                "use_ssl": scheme == "smtps",
                "timeout": 30,
            },
        }
    raise ValueError(
        f"EMAIL_URL scheme {scheme!r} is not supported; use console://, locmem://, "
        "file:///dir, smtp://, smtp+tls:// or smtps://"
    )


def cache_settings(url: str) -> dict[str, Any]:
    """Turn CACHE_URL into Django's CACHES["default"].

    ``db://`` (default, shared by every worker process), ``locmem://`` or
    ``redis://host:port/db``.
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "equitylens_cache",
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ValueError(
        f"CACHE_URL scheme {scheme!r} is not supported; use db://, locmem:// or redis://"
    )
