"""The demo data loads, mirrors the activity kinds of VISION.md and can be loaded twice."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from equitylens.accounts.models import Membership, Organization, User
from equitylens.catalog.models import Activity, ActivityFormat, ActivityStatus, Audience
from equitylens.catalog.services.statements import designation_statement


def load() -> str:
    out = StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_data_is_idempotent() -> None:
    load()
    counts = (User.objects.count(), Organization.objects.count(), Activity.objects.count(),
              Membership.objects.count())  # fmt: skip
    load()
    assert counts == (
        User.objects.count(),
        Organization.objects.count(),
        Activity.objects.count(),
        Membership.objects.count(),
    )
    assert counts[2] == 6


@pytest.mark.django_db
def test_demo_data_prints_every_sign_in() -> None:
    output = load()
    people_who_can_sign_in = [u.email for u in User.objects.all() if u.has_usable_password()]
    assert len(people_who_can_sign_in) >= 6
    for email in people_who_can_sign_in:
        assert email in output
    # Fictional learners behind the reports cannot sign in at all.
    assert not User.objects.get(email="omar.siddiqui@demo-learners.example").has_usable_password()


@pytest.mark.django_db
def test_demo_activities_match_the_kinds_the_product_must_show() -> None:
    load()
    workshop = Activity.objects.get(slug="interactive-implicit-bias-workshop")
    assert workshop.status == ActivityStatus.IN_DEVELOPMENT
    assert workshop.bookable_privately
    assert "maximum of 2.0 AMA PRA Category 1 Credit(s)™" in (designation_statement(workshop) or "")

    course = Activity.objects.get(slug="recognizing-and-mitigating-unconscious-bias")
    assert course.format == ActivityFormat.ENDURING
    assert course.status == ActivityStatus.OPEN
    assert course.audience == Audience.INTERNAL
    assert list(course.internal_organizations.values_list("slug", flat=True)) == [
        "riverbend-health"
    ]
    assert course.credit_offerings.filter(credit_type__startswith="moc_").count() == 8
    assert course.ends_on is not None and course.starts_on is not None
    assert course.ends_on.year - course.starts_on.year == 3

    video = Activity.objects.get(slug="advancing-health-equity-video-course")
    assert str(video.credit_offerings.get(credit_type="ama_pra_1").amount) == "0.25"
    assert Activity.objects.filter(format=ActivityFormat.RSS).count() == 2


@pytest.mark.django_db
def test_health_system_has_single_sign_on_configured() -> None:
    load()
    riverbend = Organization.objects.get(slug="riverbend-health")
    assert riverbend.sso_app is not None
    assert riverbend.sso_app.provider == "openid_connect"
    assert riverbend.sso_app.provider_id == "riverbend-health"


@pytest.mark.django_db
def test_demo_data_refuses_a_production_site_without_force(settings) -> None:
    from django.core.management.base import CommandError

    settings.HTTPS = True
    settings.SITE_URL = "https://cme.example.org"
    with pytest.raises(CommandError, match="production deployment"):
        load()
    assert Activity.objects.count() == 0


@pytest.mark.django_db
def test_demo_totp_prints_a_six_digit_code() -> None:
    load()
    out = StringIO()
    call_command("demo_totp", stdout=out)
    assert out.getvalue()[:6].isdigit()


@pytest.mark.django_db
def test_loading_the_demo_queues_no_email_to_its_fictional_people(database_tasks: Any) -> None:
    from django.core import mail
    from django_tasks_db.models import DBTaskResult

    load()

    assert DBTaskResult.objects.count() == 0
    assert mail.outbox == []
