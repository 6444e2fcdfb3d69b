"""`equitylens demo_idp` runs a real OpenID Connect provider for the demo on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_demo_idp_serves_discovery_and_accepts_the_demo_client():
    port = free_port()
    command = Path(sys.executable).with_name("equitylens")
    process = subprocess.Popen(
        [str(command), "demo_idp"],
        env={**os.environ, "DEMO_IDP_PORT": str(port)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        config = None
        for _ in range(100):
            try:
                config = requests.get(
                    f"{issuer}/.well-known/openid-configuration", timeout=1
                ).json()
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert config is not None, "the identity provider did not start"
        assert config["issuer"] == issuer
        form = requests.get(
            config["authorization_endpoint"],
            params={
                "client_id": "equitylens-demo",
                "redirect_uri": "http://127.0.0.1:8000/accounts/oidc/riverbend-health/login/callback/",
                "response_type": "code",
                "scope": "openid email profile",
                "state": "x",
            },
            timeout=5,
        )
        assert form.status_code == 200
        assert 'aria-label="Subject"' in form.text
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
