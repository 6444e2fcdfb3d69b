"""`equitylens organization_sso SLUG --issuer URL --client-id ID --secret SECRET`.

Sets up (or changes, or with --remove turns off) an organization's OpenID Connect
single sign-on, through the same service the back office uses.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from equitylens.accounts.models import Organization
from equitylens.accounts.services.sso import configure_sso, redirect_uri, remove_sso


class Command(BaseCommand):
    help = "Configure an organization's OpenID Connect single sign-on."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The organization's slug, e.g. riverbend-health")
        parser.add_argument("--issuer", help="OpenID Connect issuer URL (https://…)")
        parser.add_argument("--client-id", help="Client ID registered at the identity provider")
        parser.add_argument(
            "--secret", default="", help="Client secret (omit to keep the current one)"
        )
        parser.add_argument("--remove", action="store_true", help="Turn single sign-on off")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["slug"]).first()
        if organization is None:
            known = ", ".join(Organization.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No organization with slug {options['slug']!r} (known: {known}).")
        if options["remove"]:
            remove_sso(organization)
            self.stdout.write(self.style.SUCCESS(f"Single sign-on is off for {organization}."))
            return
        if not options["issuer"] or not options["client_id"]:
            raise CommandError("Give --issuer and --client-id (and --secret for a new client).")
        try:
            configure_sso(
                organization,
                issuer=options["issuer"],
                client_id=options["client_id"],
                secret=options["secret"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Single sign-on is set up for {organization}."))
        self.stdout.write(
            f"Redirect URI to register at the identity provider: {redirect_uri(organization)}"
        )
