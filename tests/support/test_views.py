"""The coordinator's support screens and the acknowledgment on the learner's pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from equitylens.audit.models import LogEntry
from equitylens.support.models import ActivitySupport, SupporterType, SupportKind
from equitylens.support.services.records import record_support
from tests.factories import (
    make_activity,
    make_coordinator,
    make_enrollment,
    make_learner,
    make_online_course,
)
from tests.learning.concurrency import post_at_once, signed_in_clients
from tests.support.factories_support import PDF_BYTES, agreement_pdf, fake_pdf

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator() -> Client:
    return signed_in(make_coordinator())


@pytest.fixture
def activity() -> Any:
    return make_activity("Seeing Bias in the Exam Room", slug="seeing-bias")


def commercial_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "supporter_type": "commercial",
        "supporter_name": "Acme Diagnostics, Inc.",
        "kind": "monetary",
        "amount": "5000",
        "in_kind_description": "",
        "agreement_file": agreement_pdf(),
        "agreement_signed_on": "2026-01-15",
    }
    data.update(overrides)
    return data


def _grant(activity: Any) -> ActivitySupport:
    return record_support(
        activity,
        supporter_type=SupporterType.COMMERCIAL,
        supporter_name="Acme Diagnostics, Inc.",
        kind=SupportKind.MONETARY,
        amount=Decimal("5000"),
        agreement_file=agreement_pdf(),
        agreement_signed_on=date(2026, 1, 15),
        by=None,
    )


# ---- permissions -----------------------------------------------------------------------


def test_learners_cannot_open_the_support_screens(activity: Any) -> None:
    support = _grant(activity)
    client = signed_in(make_learner())
    urls = [
        reverse("coordinator:support", kwargs={"slug": activity.slug}),
        reverse("coordinator:support_new", kwargs={"slug": activity.slug}),
        reverse("coordinator:support_edit", kwargs={"slug": activity.slug, "pk": support.pk}),
        reverse("coordinator:support_agreement", kwargs={"slug": activity.slug, "pk": support.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == 403
    response = client.post(
        reverse("coordinator:support_delete", kwargs={"slug": activity.slug, "pk": support.pk})
    )
    assert response.status_code == 403 and ActivitySupport.objects.exists()


def test_visitors_are_sent_to_sign_in(activity: Any) -> None:
    response = Client().get(reverse("coordinator:support", kwargs={"slug": activity.slug}))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_a_support_record_of_another_activity_is_not_found(
    coordinator: Client, activity: Any
) -> None:
    support = _grant(make_activity())
    url = reverse("coordinator:support_edit", kwargs={"slug": activity.slug, "pk": support.pk})
    assert coordinator.get(url).status_code == 404


# ---- recording through the form ----------------------------------------------------------


def test_the_coordinator_records_commercial_support_with_its_agreement(
    coordinator: Client, activity: Any
) -> None:
    url = reverse("coordinator:support_new", kwargs={"slug": activity.slug})
    response = coordinator.post(url, commercial_post(), follow=True)
    html = response.content.decode()
    assert "Recorded support from Acme Diagnostics, Inc." in html
    assert "This activity is supported by an educational grant from Acme Diagnostics, Inc." in html
    support = ActivitySupport.objects.get()
    assert support.amount == Decimal("5000") and support.agreement_file
    assert LogEntry.objects.filter(action="support.recorded").count() == 1


def test_commercial_support_without_an_agreement_shows_the_error_at_the_field(
    coordinator: Client, activity: Any
) -> None:
    url = reverse("coordinator:support_new", kwargs={"slug": activity.slug})
    response = coordinator.post(url, commercial_post(agreement_file=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "commercial support requires the signed written agreement" in html
    assert 'id="id_agreement_file_error"' in html and 'class="error-summary"' in html
    assert not ActivitySupport.objects.exists()


def test_a_disguised_file_is_refused(coordinator: Client, activity: Any) -> None:
    url = reverse("coordinator:support_new", kwargs={"slug": activity.slug})
    response = coordinator.post(url, commercial_post(agreement_file=fake_pdf()))
    assert response.status_code == 400
    assert "is not really a .pdf file" in response.content.decode()
    assert not ActivitySupport.objects.exists()


def test_other_support_is_recorded_without_an_agreement(coordinator: Client, activity: Any) -> None:
    url = reverse("coordinator:support_new", kwargs={"slug": activity.slug})
    data = commercial_post(
        supporter_type="other",
        supporter_name="Meridian Valley Health Foundation",
        agreement_file="",
        agreement_signed_on="",
    )
    response = coordinator.post(url, data, follow=True)
    assert "offered with support from Meridian Valley Health Foundation" in (
        response.content.decode()
    )
    assert "Not required" in response.content.decode()


def test_a_double_submit_records_once(coordinator: Client, activity: Any) -> None:
    url = reverse("coordinator:support_new", kwargs={"slug": activity.slug})
    coordinator.post(url, commercial_post())
    coordinator.post(url, commercial_post())
    assert ActivitySupport.objects.count() == 1


def test_the_coordinator_downloads_the_agreement(coordinator: Client, activity: Any) -> None:
    support = _grant(activity)
    url = reverse("coordinator:support_agreement", kwargs={"slug": activity.slug, "pk": support.pk})
    response = coordinator.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
    assert "attachment" in response["Content-Disposition"]


def test_editing_and_deleting(coordinator: Client, activity: Any) -> None:
    support = _grant(activity)
    kwargs = {"slug": activity.slug, "pk": support.pk}
    edit = coordinator.post(
        reverse("coordinator:support_edit", kwargs=kwargs),
        commercial_post(amount="6500", agreement_file=""),
        follow=True,
    )
    assert "$6,500.00" in edit.content.decode()
    support.refresh_from_db()
    assert support.amount == Decimal("6500") and support.agreement_file
    assert (
        "Delete the support"
        in coordinator.get(reverse("coordinator:support_delete", kwargs=kwargs)).content.decode()
    )
    coordinator.post(reverse("coordinator:support_delete", kwargs=kwargs))
    assert not ActivitySupport.objects.exists()


# ---- the learner's pages ---------------------------------------------------------------


def test_the_activity_page_says_there_is_no_commercial_support(activity: Any) -> None:
    html = Client().get(activity.get_absolute_url()).content.decode()
    assert "There is no commercial support for this activity." in html


def test_the_activity_page_names_the_commercial_supporter(activity: Any) -> None:
    _grant(activity)
    html = Client().get(activity.get_absolute_url()).content.decode()
    assert "supported by an educational grant from Acme Diagnostics, Inc." in html
    assert "There is no commercial support" not in html


def test_the_course_hub_shows_the_acknowledgment_to_the_enrolled_learner() -> None:
    course = make_online_course()
    learner = make_learner()
    make_enrollment(learner, course)
    html = signed_in(learner).get(reverse("learning:path", kwargs={"slug": course.slug}))
    assert "There is no commercial support for this activity." in html.content.decode()


def test_the_activity_form_links_to_the_support_screen(coordinator: Client, activity: Any) -> None:
    html = coordinator.get(
        reverse("coordinator:activity_edit", kwargs={"slug": activity.slug})
    ).content.decode()
    assert reverse("coordinator:support", kwargs={"slug": activity.slug}) in html


@pytest.mark.usefixtures("shared_database")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_submits_record_one_support() -> None:
    activity = make_activity()
    url = reverse("coordinator:support_new", kwargs={"slug": activity.slug})
    data = commercial_post(
        supporter_type="other",
        supporter_name="Meridian Valley Health Foundation",
        agreement_file="",
        agreement_signed_on="",
    )
    responses = post_at_once(signed_in_clients(make_coordinator(), 4), url, data)
    assert all(response.status_code == 302 for response in responses)
    assert ActivitySupport.objects.count() == 1
