"""`equitylens demo_data`: load the fictional demo provider, organizations, people, activities.

Idempotent: running it again refreshes the same records instead of adding more.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from equitylens.accounts.models import User
from equitylens.demo.activities import load_activities
from equitylens.demo.bookings import load_bookings
from equitylens.demo.casereview import load_casereview
from equitylens.demo.community import load_community
from equitylens.demo.disparities import load_disparities
from equitylens.demo.facilitation import load_facilitation
from equitylens.demo.language import load_language
from equitylens.demo.learning import (
    load_attendance_codes,
    load_certificates,
    load_course_modules,
    load_evaluation_questions,
)
from equitylens.demo.licensure import load_licensure
from equitylens.demo.outcomes import load_outcomes
from equitylens.demo.pars import load_pars
from equitylens.demo.people import DEMO_IDP_URL, DEMO_PASSWORD, load_organizations, load_people
from equitylens.demo.sessions import load_sessions
from equitylens.demo.support import load_support

DISCARD_TASKS = "django.tasks.backends.dummy.DummyBackend"


class Command(BaseCommand):
    help = "Load demo data (fictional). Safe to run more than once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even on an https deployment (demo accounts have a published password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.HTTPS and not options["force"]:
            raise CommandError(
                f"SITE_URL is {settings.SITE_URL}: this looks like a production deployment, and "
                "demo accounts share a published password. Use --force if you really mean it."
            )
        # Loading goes through the real services, which e-mail people (booking steps,
        # community decisions, session confirmations). The demo's people are fictional:
        # those e-mails are discarded instead of queued for the worker.
        with override_settings(TASKS={"default": {"BACKEND": DISCARD_TASKS}}):
            organizations, people, activities = self._load()
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {len(organizations)} organizations, {len(people)} people, "
            f"{len(activities)} activities."
        ))  # fmt: skip
        self.stdout.write(f"\nOpen {settings.SITE_URL}/ and sign in as (password {DEMO_PASSWORD}):")
        for person in people:
            self.stdout.write(f"  {person.role_label:<40} {person.email}")
        self.stdout.write(
            "\nThe coordinator signs in with two-factor: `.venv/bin/equitylens demo_totp` "
            "prints the current code.\n"
            "Riverbend Health people can also use “Sign in with Riverbend Health” (the demo "
            f"identity provider runs on {DEMO_IDP_URL}).\n"
        )

    def _load(self) -> tuple[dict[str, Any], list[Any], list[Any]]:
        organizations = load_organizations()
        people = load_people(organizations)
        coordinator = User.objects.get(email="sam.rivera@lakeshoremed.example")
        activities = load_activities(organizations, coordinator)
        by_slug = {activity.slug: activity for activity in activities}
        load_course_modules(by_slug)
        load_attendance_codes(by_slug, coordinator)
        load_evaluation_questions(by_slug)
        load_certificates(by_slug)
        users = {user.email: user for user in User.objects.all()}
        load_sessions(by_slug, users)
        load_facilitation(by_slug, users)
        load_bookings(by_slug, users)
        load_community(by_slug, users)
        load_support(by_slug, users)
        load_licensure(by_slug, users)
        load_outcomes(by_slug, users)
        load_pars(by_slug, users)
        load_casereview(by_slug, users)
        load_language(users)
        load_disparities(users)
        return organizations, people, activities
