"""`equitylens demo_totp`: the current two-factor code of the demo coordinator."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand, CommandError

from equitylens.demo.people import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the demo coordinator's current TOTP code (demo secret only)."

    def handle(self, *args: Any, **options: Any) -> None:
        from allauth.mfa.models import Authenticator

        demo = Authenticator.objects.filter(
            user__email="sam.rivera@lakeshoremed.example", type=Authenticator.Type.TOTP
        ).first()
        if demo is None:
            raise CommandError("No demo coordinator with two-factor: run `equitylens demo_data`.")
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
        remaining = 30 - int(time.time()) % 30
        self.stdout.write(f"{code}  (valid for about {remaining} more seconds)")
