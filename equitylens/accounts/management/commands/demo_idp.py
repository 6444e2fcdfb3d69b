"""`equitylens demo_idp`: a stand-in identity provider for trying single sign-on in the demo.

Runs oidc-provider-mock (a real OpenID Connect provider for testing, a development
dependency) on http://127.0.0.1:${DEMO_IDP_PORT:-8001} in the foreground until
stopped. It accepts any client ID and secret, so the demo's "Riverbend Health" client
(equitylens-demo / demo-secret) works. On its sign-in page type any e-mail address as
the subject: that address becomes the person's e-mail.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from equitylens.config import env_int


class Command(BaseCommand):
    help = "Run the demo OpenID Connect identity provider (foreground, until stopped)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port",
            type=int,
            default=env_int("DEMO_IDP_PORT", 8001),
            help="Port on 127.0.0.1 (default $DEMO_IDP_PORT or 8001)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            import oidc_provider_mock
            from werkzeug.serving import make_server
        except ImportError as error:
            raise CommandError(
                "The demo identity provider needs the development dependencies: `uv sync`."
            ) from error
        # The demo runs on plain http on this machine only.
        os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")
        port = options["port"]
        server = make_server("127.0.0.1", port, oidc_provider_mock.app(), threaded=True)
        self.stdout.write(
            f"Demo identity provider (issuer) on http://127.0.0.1:{port} — any client ID and "
            "secret are accepted. Stop with Ctrl+C.",
        )
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
