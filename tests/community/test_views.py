"""Community pages through their views: applying, status, listing, leaving; coordinator screens."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from equitylens.community.models import ApplicationStatus, CommunityMembership, Resource
from tests.community.factories_community import (
    PDF_BYTES,
    make_application,
    make_link_resource,
    make_member,
)
from tests.factories import make_coordinator, make_learner, make_topic

pytestmark = pytest.mark.django_db

APPLICATION = {
    "organization_name": "Northside Community Clinic",
    "role": "Nurse educator",
    "statement": "I run our equity huddles.",
    "interests": "",
}


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator_client() -> Client:
    return signed_in(make_coordinator())


# ---- the community home page -------------------------------------------------------


def test_visitors_read_what_the_community_is_and_are_asked_to_sign_in() -> None:
    html = Client().get(reverse("community:home")).content.decode()
    assert "Community of practice" in html and "Sign in to apply" in html


def test_applying_through_the_page_then_seeing_the_status() -> None:
    learner = make_learner()
    client = signed_in(learner)
    assert "Apply to join" in client.get(reverse("community:home")).content.decode()
    response = client.post(reverse("community:apply"), APPLICATION, follow=True)
    html = response.content.decode()
    assert "your application is waiting for review" in html
    assert "Your application is waiting for review" in html
    assert "Send application" not in html
    assert CommunityMembership.objects.get(user=learner).status == ApplicationStatus.PENDING


def test_a_double_submitted_application_is_kept_once() -> None:
    client = signed_in(make_learner())
    client.post(reverse("community:apply"), APPLICATION)
    response = client.post(reverse("community:apply"), APPLICATION, follow=True)
    assert "already waiting for review" in response.content.decode()
    assert CommunityMembership.objects.count() == 1


def test_a_missing_answer_is_named_and_nothing_is_saved() -> None:
    response = signed_in(make_learner()).post(
        reverse("community:apply"), {**APPLICATION, "role": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter your role" in html and 'href="#id_role"' in html
    assert 'aria-invalid="true"' in html
    assert not CommunityMembership.objects.exists()


def test_a_declined_applicant_sees_the_reason_and_can_apply_again() -> None:
    application = make_application(
        status=ApplicationStatus.DECLINED, decline_reason="Please describe your equity role."
    )
    client = signed_in(application.user)
    html = client.get(reverse("community:home")).content.decode()
    assert "Please describe your equity role." in html and "Apply again" in html
    client.post(reverse("community:apply"), APPLICATION)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


def test_members_see_their_links_and_toggle_their_listing() -> None:
    member = make_member()
    client = signed_in(member.user)
    html = client.get(reverse("community:home")).content.decode()
    for name in ("community:directory", "community:library", "community:events"):
        assert reverse(name) in html
    assert "not listed" in html
    response = client.post(
        reverse("community:listing"), {"listed": "on", "interests": "housing"}, follow=True
    )
    assert "You are listed in the member directory." in response.content.decode()
    member.refresh_from_db()
    assert member.listed_in_directory and member.interests == "housing"


def test_non_members_cannot_change_a_listing() -> None:
    application = make_application()
    response = signed_in(application.user).post(reverse("community:listing"), {"listed": "on"})
    assert response.status_code == 403
    application.refresh_from_db()
    assert not application.listed_in_directory


def test_members_leave() -> None:
    member = make_member(listed=True)
    signed_in(member.user).post(reverse("community:leave"))
    member.refresh_from_db()
    assert member.status == ApplicationStatus.LEFT and not member.listed_in_directory


# ---- the back office ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "coordinator:community_applications",
        "coordinator:community_members",
        "coordinator:community_resources",
        "coordinator:community_resource_new",
    ],
)
def test_back_office_screens_are_for_coordinators_only(name: str) -> None:
    url = reverse(name)
    assert Client().get(url).status_code == 302
    assert signed_in(make_member().user).get(url).status_code == 403


def test_the_queue_shows_pending_applications_first_with_their_statement(
    coordinator_client: Client,
) -> None:
    make_application(make_learner(first_name="Dora", last_name="Declined"), status="declined")
    make_application(
        make_learner(first_name="Maya", last_name="Chen"), statement="Our equity council."
    )
    html = coordinator_client.get(reverse("coordinator:community_applications")).content.decode()
    assert "Waiting for review (1)" in html
    assert html.index("Maya Chen") < html.index("Dora Declined")
    assert "Our equity council." in html


def test_approving_from_the_queue(
    coordinator_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    application = make_application()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("coordinator:community_approve", args=[application.pk]), follow=True
        )
    assert "is now a member" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert len(mail.outbox) == 1


def test_approving_needs_a_post(coordinator_client: Client) -> None:
    application = make_application()
    url = reverse("coordinator:community_approve", args=[application.pk])
    assert coordinator_client.get(url).status_code == 405


def test_declining_needs_a_reason_then_emails_it(
    coordinator_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    application = make_application()
    url = reverse("coordinator:community_decline", args=[application.pk])
    assert "Reason for declining" in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Give the applicant a reason" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url, {"reason": "Tell us about your role."})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert "Tell us about your role." in mail.outbox[0].body


def test_members_list_shows_members_and_their_listing(coordinator_client: Client) -> None:
    make_member(make_learner(first_name="Aisha", last_name="Johnson"), listed=True)
    make_application(make_learner(first_name="Maya", last_name="Chen"))
    html = coordinator_client.get(reverse("coordinator:community_members")).content.decode()
    assert "Aisha Johnson" in html and "Listed" in html
    assert "Maya Chen" not in html


def test_adding_a_file_resource_through_the_form(coordinator_client: Client) -> None:
    topic = make_topic("Health equity")
    upload = SimpleUploadedFile("huddle.pdf", PDF_BYTES, content_type="application/pdf")
    response = coordinator_client.post(
        reverse("coordinator:community_resource_new"),
        {
            "title": "Equity huddle guide",
            "kind": "guide",
            "description": "Ten-minute huddles.",
            "topics": [topic.pk],
            "file": upload,
        },
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.file and list(resource.topics.all()) == [topic]
    download = coordinator_client.get(
        reverse("coordinator:community_resource_file", args=[resource.pk])
    )
    assert download.status_code == 200


def test_a_disguised_file_is_refused_with_the_field_named(coordinator_client: Client) -> None:
    upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")
    response = coordinator_client.post(
        reverse("coordinator:community_resource_new"),
        {"title": "Report", "kind": "report", "description": "A report.", "file": upload},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "is not really a .pdf file" in html and 'href="#id_file"' in html
    assert not Resource.objects.exists()


def test_file_and_link_together_are_refused(coordinator_client: Client) -> None:
    upload = SimpleUploadedFile("guide.pdf", PDF_BYTES)
    response = coordinator_client.post(
        reverse("coordinator:community_resource_new"),
        {
            "title": "Guide",
            "kind": "guide",
            "description": "A guide.",
            "file": upload,
            "url": "https://example.org/guide",
        },
    )
    assert response.status_code == 400
    assert "not both" in response.content.decode()


def test_editing_and_deleting_a_resource(coordinator_client: Client) -> None:
    resource = make_link_resource()
    url = reverse("coordinator:community_resource_edit", args=[resource.pk])
    assert "Language access toolkit" in coordinator_client.get(url).content.decode()
    coordinator_client.post(
        url,
        {
            "title": "Language access toolkit (2026)",
            "kind": "tool",
            "description": "Updated checklist.",
            "url": "https://example.org/language-access-2026",
        },
    )
    resource.refresh_from_db()
    assert resource.title == "Language access toolkit (2026)" and resource.kind == "tool"
    delete = reverse("coordinator:community_resource_delete", args=[resource.pk])
    coordinator_client.post(delete)
    assert coordinator_client.post(delete).status_code == 302  # again: nothing to do
    assert not Resource.objects.exists()


def test_the_back_office_links_to_the_community(coordinator_client: Client) -> None:
    html = coordinator_client.get(reverse("coordinator:activities")).content.decode()
    assert reverse("coordinator:community_applications") in html
