"""The PARS page: who may use it, validation first, the batch buttons and downloads."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from equitylens.audit.models import LogEntry
from equitylens.credentials.models import ParsBatch, ParsBatchStatus
from tests.credentials.factories_pars import make_moc_completion, make_moc_learner
from tests.factories import make_activity, make_coordinator, make_learner

pytestmark = pytest.mark.django_db

PAGE = reverse("coordinator:pars")
LEARNER_BATCH = reverse("coordinator:pars_learner_batch")
ACTIVITY_BATCH = reverse("coordinator:pars_activity_batch")


@pytest.fixture
def activity() -> Any:
    return make_activity("Implicit Bias in Triage", slug="implicit-bias-in-triage")


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("url", [PAGE, LEARNER_BATCH, ACTIVITY_BATCH])
def test_learners_are_refused(client: Client, url: str) -> None:
    client.force_login(make_learner())
    response = client.post(url) if url != PAGE else client.get(url)
    assert response.status_code == 403
    assert ParsBatch.objects.count() == 0


def test_learners_cannot_download_a_batch(
    client: Client, coordinator_client: Client, activity: Any
) -> None:
    make_moc_completion(make_moc_learner(), activity)
    coordinator_client.post(LEARNER_BATCH)
    batch = ParsBatch.objects.get()
    other = Client()
    other.force_login(make_learner())
    response = other.get(reverse("coordinator:pars_download", args=[batch.pk]))
    assert response.status_code == 403
    assert ParsBatch.objects.get().status == ParsBatchStatus.DRAFT


def test_page_lists_every_problem_with_the_learner(
    coordinator_client: Client, activity: Any
) -> None:
    make_moc_completion(
        make_moc_learner(None, first_name="Ana", last_name="Lopez", email="ana@example.org"),
        activity,
    )
    make_moc_completion(make_moc_learner(birth=(2, 30)), activity)
    response = coordinator_client.get(PAGE)
    content = response.content.decode()
    assert response.status_code == 200
    assert "2 learners with 2 problems" in content
    assert "Ana Lopez" in content and "ana@example.org" in content
    assert "ABIM ID is missing." in content
    assert "February has no day 30." in content
    assert "Implicit Bias in Triage" in content


def test_create_learner_batch_then_nothing_new(coordinator_client: Client, activity: Any) -> None:
    make_moc_completion(make_moc_learner(), activity)
    response = coordinator_client.post(LEARNER_BATCH, follow=True)
    assert "created with 1 record." in response.content.decode()
    response = coordinator_client.post(LEARNER_BATCH, follow=True)
    assert "Nothing new to report" in response.content.decode()
    assert ParsBatch.objects.count() == 1


def test_create_activity_batch(coordinator_client: Client, activity: Any) -> None:
    response = coordinator_client.post(ACTIVITY_BATCH, follow=True)
    assert "created with 1 record." in response.content.decode()
    assert ParsBatch.objects.get().kind == "activity"


def test_buttons_accept_only_post(coordinator_client: Client) -> None:
    assert coordinator_client.get(LEARNER_BATCH).status_code == 405
    assert ParsBatch.objects.count() == 0


def test_download_returns_the_file_and_logs(coordinator_client: Client, activity: Any) -> None:
    make_moc_completion(make_moc_learner("654321"), activity)
    coordinator_client.post(LEARNER_BATCH)
    batch = ParsBatch.objects.get()
    page = coordinator_client.get(PAGE).content.decode()
    url = reverse("coordinator:pars_download", args=[batch.pk])
    assert url in page
    response = coordinator_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert f'filename="{batch.file_name}"' in response["Content-Disposition"]
    assert response.content == batch.content.encode("utf-8")
    assert b"\t654321\t" in response.content
    batch.refresh_from_db()
    assert batch.status == ParsBatchStatus.EXPORTED
    assert LogEntry.objects.filter(action="pars.exported").count() == 1


def test_unknown_batch_is_404(coordinator_client: Client) -> None:
    assert (
        coordinator_client.get(reverse("coordinator:pars_download", args=[999])).status_code == 404
    )


def test_activity_list_links_to_pars(coordinator_client: Client) -> None:
    assert PAGE in coordinator_client.get(reverse("coordinator:activities")).content.decode()


def test_coordinator_without_totp_is_sent_to_set_it_up(client: Client) -> None:
    client.force_login(make_coordinator(with_totp=False))
    response = client.get(PAGE)
    assert response.status_code == 302
