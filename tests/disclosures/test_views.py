"""The e-mailed disclosure link and the coordinator's disclosure pages, through the views."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equitylens.catalog.models import ActivityStatus
from equitylens.disclosures.models import ContentRole, ContentRoleStatus, DisclosureRequest
from equitylens.disclosures.services.submission import submit_disclosure
from tests.disclosures.factories_disclosures import (
    latest_request,
    make_cleared_planner,
    make_invited,
    make_mitigated_faculty,
    relationship,
)
from tests.factories import make_activity, make_coordinator, make_learner, make_offering

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client: Client) -> Client:
    client.force_login(make_coordinator())
    return client


def draft() -> Any:
    activity = make_activity(status=ActivityStatus.IN_DEVELOPMENT, title="Bias in Triage")
    make_offering(activity, amount="1.0")
    return activity


def respond_url(role: ContentRole) -> str:
    return reverse("disclosures:respond", kwargs={"token": latest_request(role).token})


def form_data(**extra: str) -> dict[str, str]:
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "30", "attested": "on", "submit": "1"}  # fmt: skip
    data.update(extra)
    return data


# The e-mailed link


def test_the_link_shows_the_form_without_signing_in(client: Client) -> None:
    role = make_invited(draft(), name="Aisha Johnson")
    page = client.get(respond_url(role)).content.decode()
    assert "Aisha Johnson, you have been asked to be faculty for “Bias in Triage”" in page
    assert (
        "I have no financial relationships with ineligible companies in the past 24 months" in page
    )
    assert "I attest that I have disclosed all my financial relationships" in page


def test_disclosing_a_relationship_through_the_link(client: Client) -> None:
    role = make_invited(draft())
    response = client.post(
        respond_url(role),
        form_data(**{"form-0-company": "Northwind Medical Devices", "form-0-nature": "consultant",
                     "form-0-status": "current"}),
    )  # fmt: skip
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.status == ContentRoleStatus.DISCLOSED
    assert role.disclosure.relationships.get().company == "Northwind Medical Devices"
    assert latest_request(role).used_at is not None
    done = client.get(response["Location"]).content.decode()
    assert "your disclosure is on file" in done and "disclosed, review needed" in done


def test_a_relationship_older_than_24_months_is_refused_with_a_linked_message(
    client: Client,
) -> None:
    role = make_invited(draft())
    old = (timezone.localdate() - timedelta(days=800)).isoformat()
    response = client.post(
        respond_url(role),
        form_data(**{"form-0-company": "Contoso Labs", "form-0-nature": "consultant",
                     "form-0-status": "ended", "form-0-ended_on": old}),
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_form-0-ended_on"' in page and "more than 24 months ago" in page
    role.refresh_from_db()
    assert role.status == ContentRoleStatus.INVITED and latest_request(role).used_at is None


def test_missing_attestation_and_missing_answer_are_both_listed(client: Client) -> None:
    role = make_invited(draft())
    data = form_data()
    del data["attested"]
    page = client.post(respond_url(role), data).content.decode()
    assert "Attestation: tick the box to attest." in page
    assert "No relationships: tick" in page


def test_add_another_relationship_adds_a_row_and_saves_nothing(client: Client) -> None:
    role = make_invited(draft())
    data = form_data(**{"form-0-company": "Kept Co"})
    del data["submit"]
    data["add_row"] = "1"
    page = client.post(respond_url(role), data).content.decode()
    assert "Relationship 3" in page and 'value="Kept Co"' in page
    assert not role.person.disclosures.exists()


def test_an_owner_sees_the_refusal_message(client: Client) -> None:
    role = make_invited(draft())
    response = client.post(
        respond_url(role),
        form_data(**{"form-0-company": "Acme Pharma", "form-0-nature": "employee",
                     "form-0-status": "current", "form-0-is_owner_or_employee": "on"}),
    )  # fmt: skip
    page = client.get(response["Location"]).content.decode()
    assert "Owners and employees of ineligible companies cannot control content" in page


def test_a_used_link_is_refused_and_a_second_submit_changes_nothing(client: Client) -> None:
    role = make_invited(draft())
    url = respond_url(role)
    client.post(url, form_data(none="on"))
    again = client.post(url, form_data(none="on"))
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert role.person.disclosures.count() == 1


def test_an_expired_link_is_refused(client: Client) -> None:
    role = make_invited(draft())
    DisclosureRequest.objects.filter(content_role=role).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(respond_url(role))
    assert response.status_code == 410
    assert "This disclosure link has expired" in response.content.decode()


def test_an_unknown_token_is_not_found(client: Client) -> None:
    assert client.get(reverse("disclosures:respond", kwargs={"token": "nope"})).status_code == 404
    assert client.get(reverse("disclosures:done", kwargs={"token": "nope"})).status_code == 404


def test_the_update_prompt_confirms_the_disclosure_on_file(client: Client) -> None:
    first = make_invited(draft(), email="again@example.org")
    submit_disclosure(first.person, relationships=[relationship()], none=False, attested=True)
    second = make_invited(draft(), email="again@example.org")
    url = respond_url(second)
    page = client.get(url).content.decode()
    assert "Is your disclosure still complete?" in page and "Northwind Medical Devices" in page
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert latest_request(second).used_at is not None
    assert first.person.disclosures.count() == 1


# The coordinator's pages


def test_learners_cannot_reach_the_coordinator_pages(client: Client) -> None:
    activity = draft()
    role = make_invited(activity)
    client.force_login(make_learner())
    urls = [
        reverse("coordinator:disclosures", kwargs={"slug": activity.slug}),
        reverse("coordinator:disclosures_review", kwargs={"slug": activity.slug,
                                                          "role_id": role.pk}),
    ]  # fmt: skip
    for url in urls:
        assert client.get(url).status_code in (302, 403, 404)
    response = client.post(
        reverse("coordinator:disclosures_invite", kwargs={"slug": activity.slug}),
        {"name": "X Y", "email": "x@example.org", "role": "planner"},
    )
    assert response.status_code in (302, 403, 404)
    assert ContentRole.objects.count() == 1


def test_the_coordinator_page_lists_roles_and_what_blocks_opening(
    coordinator_client: Client,
) -> None:
    activity = draft()
    make_invited(activity, name="Nia Waiting", role="planner")
    page = coordinator_client.get(
        reverse("coordinator:disclosures", kwargs={"slug": activity.slug})
    ).content.decode()
    assert "Nia Waiting (planner) has not disclosed yet" in page
    assert "Waiting for disclosure" in page


def test_inviting_from_the_coordinator_page_e_mails_the_link(
    coordinator_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    activity = draft()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("coordinator:disclosures_invite", kwargs={"slug": activity.slug}),
            {"name": "Aisha Johnson", "email": "aisha@example.org", "role": "faculty"},
        )
    assert response.status_code == 302
    role = ContentRole.objects.get()
    assert role.person.email == "aisha@example.org" and role.role == "faculty"
    [message] = mail.outbox
    assert message.to == ["aisha@example.org"]
    assert latest_request(role).token in message.body


def test_an_invitation_with_bad_input_names_the_field(coordinator_client: Client) -> None:
    activity = draft()
    response = coordinator_client.post(
        reverse("coordinator:disclosures_invite", kwargs={"slug": activity.slug}),
        {"name": "", "email": "not-an-address", "role": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the person&#x27;s name" in page and "Enter an e-mail address like" in page
    assert "Choose the person&#x27;s role." in page
    assert not ContentRole.objects.exists()


def test_reviewing_requires_a_mitigation_for_a_relevant_relationship(
    coordinator_client: Client,
) -> None:
    activity = draft()
    role = make_invited(activity)
    disclosure = submit_disclosure(
        role.person, relationships=[relationship()], none=False, attested=True
    )
    rel = disclosure.relationships.get()
    url = reverse("coordinator:disclosures_review", kwargs={"slug": activity.slug,
                                                           "role_id": role.pk})  # fmt: skip
    refused = coordinator_client.post(url, {f"relevant_{rel.pk}": "yes",
                                            f"mitigation_{rel.pk}": ""})  # fmt: skip
    assert refused.status_code == 400
    assert "must be mitigated before the person takes the role" in refused.content.decode()
    role.refresh_from_db()
    assert role.status == ContentRoleStatus.DISCLOSED

    cleared = coordinator_client.post(url, {f"relevant_{rel.pk}": "yes",
                                            f"mitigation_{rel.pk}": "Peer review."})  # fmt: skip
    assert cleared.status_code == 302
    role.refresh_from_db()
    assert role.status == ContentRoleStatus.CLEARED


def test_a_role_of_another_activity_is_not_found(coordinator_client: Client) -> None:
    role = make_invited(draft())
    other = draft()
    url = reverse("coordinator:disclosures_review", kwargs={"slug": other.slug,
                                                           "role_id": role.pk})  # fmt: skip
    assert coordinator_client.get(url).status_code == 404


def test_removing_a_refused_person_unblocks_the_gate(coordinator_client: Client) -> None:
    activity = draft()
    make_cleared_planner(activity)
    role = make_invited(activity)
    submit_disclosure(
        role.person,
        relationships=[relationship(is_owner_or_employee=True, nature="employee")],
        none=False,
        attested=True,
    )
    coordinator_client.post(
        reverse("coordinator:disclosures_remove", kwargs={"slug": activity.slug,
                                                          "role_id": role.pk})
    )  # fmt: skip
    assert not ContentRole.objects.filter(pk=role.pk).exists()
    page = coordinator_client.get(
        reverse("coordinator:disclosures", kwargs={"slug": activity.slug})
    ).content.decode()
    assert "Every disclosure is in and every relevant relationship is mitigated." in page


def test_the_statement_appears_on_the_activity_page(client: Client) -> None:
    activity = make_activity(status=ActivityStatus.OPEN, title="Statement Activity")
    make_offering(activity, amount="1.0")
    role = make_mitigated_faculty(activity)
    page = client.get(reverse("catalog:activity", kwargs={"slug": activity.slug})).content
    text = page.decode()
    assert (
        f"{role.person.display_name} (faculty) has a relevant financial relationship with "
        "Northwind Medical Devices (advisory board). It has been mitigated."
    ) in text
    assert text.index('id="disclosures-heading"') < text.index("About this activity")


def test_the_statement_appears_on_the_learners_course_hub(client: Client) -> None:
    from tests.factories import make_enrollment, make_online_course

    course = make_online_course(title="Hub Course")
    make_cleared_planner(course)
    learner = make_learner()
    make_enrollment(learner, course)
    client.force_login(learner)
    page = client.get(reverse("learning:path", kwargs={"slug": course.slug})).content.decode()
    assert 'id="disclosures-heading">Disclosures</h2>' in page
    assert "None of the planners, faculty or others in control of content" in page
    assert page.index("Disclosures</h2>") < page.index("Your steps to credit")
