"""Settings come from the environment with defaults that run the demo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from equitylens.config import cache_settings, email_settings, env_bool, env_int

ROOT = Path(__file__).resolve().parents[1]


def test_console_email_is_the_default_scheme() -> None:
    assert email_settings("console://")["BACKEND"].endswith("console.EmailBackend")


def test_smtp_with_starttls_reads_credentials_host_and_port() -> None:
    mailer = email_settings("smtp+tls://cme%40example.org:s%3Ecret@smtp.example.org:2587")
    assert mailer["BACKEND"].endswith("smtp.EmailBackend")
    smtp = mailer["OPTIONS"]
    assert smtp["host"] == "smtp.example.org"
    assert smtp["port"] == 2587
    assert smtp["username"] == "cme@example.org"
    assert smtp["password"] == "s>cret"
    assert smtp["use_tls"] is True
    assert smtp["use_ssl"] is False


def test_smtps_defaults_to_port_465_with_implicit_tls() -> None:
    smtp = email_settings("smtps://mail.example.org")["OPTIONS"]
    assert (smtp["port"], smtp["use_ssl"]) == (465, True)


def test_unknown_email_scheme_is_refused_with_the_supported_list() -> None:
    with pytest.raises(ValueError, match="smtp\\+tls://"):
        email_settings("sendgrid://key")


def test_cache_url_schemes() -> None:
    assert cache_settings("db://")["BACKEND"].endswith("DatabaseCache")
    assert cache_settings("redis://127.0.0.1:6379/1")["LOCATION"] == "redis://127.0.0.1:6379/1"
    with pytest.raises(ValueError):
        cache_settings("memcached://x")


def test_env_helpers_parse_and_reject(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EL_FLAG", "Yes")
    monkeypatch.setenv("EL_NUMBER", "twelve")
    assert env_bool("EL_FLAG", False) is True
    assert env_bool("EL_MISSING", True) is True
    with pytest.raises(ValueError, match="EL_NUMBER must be an integer"):
        env_int("EL_NUMBER", 1)


def _run_check(extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    dropped = {"DATABASE_URL", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "-m", "equitylens.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_a_production_environment(tmp_path: Path) -> None:
    result = _run_check(
        {
            "SITE_URL": "https://cme.example.org",
            "EMAIL_URL": "smtp+tls://cme:secret@smtp.example.org:587",
            "SECRET_KEY": "x7Gq2-p9LmVn4sRt8wYz1bKc6dFh3jJk5NmQp0rSt2uVw4xYz6AbCdEfGhIjKlMn",
            "VAR_DIR": str(tmp_path),
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_the_demo_defaults(tmp_path: Path) -> None:
    result = _run_check({"VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_smtp_mailer_really_sends_through_a_local_smtp_server() -> None:
    """The parsed settings drive Django's SMTP backend end to end (a loopback server)."""
    import asyncio
    import queue
    import threading

    from django.core.mail import EmailMessage
    from django.core.mail.backends.smtp import EmailBackend

    received: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 localhost ESMTP\r\n")
        in_data = False
        while line := await reader.readline():
            if in_data:
                if line == b".\r\n":
                    in_data = False
                    writer.write(b"250 OK\r\n")
                else:
                    received.append(line)
                continue
            verb = line[:4].upper()
            if verb == b"DATA":
                in_data = True
                writer.write(b"354 go ahead\r\n")
            elif verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:
                writer.write(b"250 OK\r\n")
            await writer.drain()
        writer.close()

    # The server's event loop lives in its own thread: the test thread may already run one
    # (Playwright's, when browser tests share the session).
    ready: queue.Queue[tuple[asyncio.AbstractEventLoop, int]] = queue.Queue()

    def serve() -> None:
        loop = asyncio.new_event_loop()
        server = loop.run_until_complete(asyncio.start_server(handle, "127.0.0.1", 0))
        ready.put((loop, server.sockets[0].getsockname()[1]))
        loop.run_forever()
        server.close()
        loop.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    loop, port = ready.get(timeout=10)
    try:
        options = email_settings(f"smtp://127.0.0.1:{port}")["OPTIONS"]
        backend = EmailBackend(alias="default", **options)
        sent = backend.send_messages(
            [EmailMessage("Hello", "Body text", "cme@example.org", ["learner@example.org"])]
        )
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
    assert sent == 1
    assert any(b"Subject: Hello" in line for line in received)
