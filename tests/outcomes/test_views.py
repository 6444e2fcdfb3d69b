"""Report pages through their views: who may see them, what they show, the CSV files."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equitylens.accounts.models import MembershipRole
from equitylens.learning.models import Evaluation, EvaluationQuestion, QuestionKind
from equitylens.outcomes.models import CommitmentFollowUp
from equitylens.outcomes.services.follow_ups import answer_follow_up, create_due_follow_ups
from tests.factories import make_coordinator, make_learner, make_membership, make_organization
from tests.outcomes.factories_world import World


def rows_of(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def coordinator_client(client: Client, db: Any) -> Client:
    client.force_login(make_coordinator())
    return client


def coordinator_urls(world: World) -> list[str]:
    slug = world.course.slug
    return [
        reverse("coordinator:reports"),
        reverse("coordinator:report_annual"),
        reverse("coordinator:report_annual_csv"),
        reverse("coordinator:report_activity", args=[slug]),
        reverse("coordinator:report_completions_csv", args=[slug]),
        reverse("coordinator:report_evaluation_csv", args=[slug]),
    ]


def test_reports_are_for_coordinators_only(client: Client, world: World) -> None:
    for url in coordinator_urls(world):
        assert client.get(url).status_code == 302  # to sign-in
    client.force_login(world.physician)
    for url in coordinator_urls(world):
        assert client.get(url).status_code == 403


def test_a_coordinator_without_two_factor_is_sent_to_set_it_up(
    client: Client, world: World
) -> None:
    client.force_login(make_coordinator(with_totp=False))

    response = client.get(reverse("coordinator:reports"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:mfa_required")


def test_index_lists_activities_with_their_key_numbers(
    coordinator_client: Client, world: World
) -> None:
    page = coordinator_client.get(reverse("coordinator:reports")).text

    row = page.split("Advancing Health Equity</a>")[1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[1:4]] == ["0", "4", "3"]
    assert reverse("coordinator:report_annual") in page


def test_activity_report_shows_numbers_charts_and_free_text_without_names(
    coordinator_client: Client, world: World
) -> None:
    page = coordinator_client.get(
        reverse("coordinator:report_activity", args=[world.course.slug])
    ).text

    assert "<dt>Completed (evaluation submitted)</dt><dd>4</dd>" in page
    assert "3.50 credits" in page
    assert 'role="img"' in page
    assert "Describe how implicit bias affects clinical decisions: data" in page
    assert "3 learners (75%) intend to change their practice." in page
    assert "A slide named one brand of inhaler." in page
    assert "Ask every patient which language they prefer." in page
    for name in ("Maya Chen", "Omar Haddad", "Grace Okafor", "Lee Park"):
        assert name not in page


def test_activity_report_of_a_live_course_shows_registrations(
    coordinator_client: Client, world: World
) -> None:
    page = coordinator_client.get(
        reverse("coordinator:report_activity", args=[world.workshop.slug])
    ).text

    assert "<dt>Registered</dt><dd>3</dd>" in page
    assert "<dt>Attended</dt><dd>2</dd>" in page
    assert "<dt>On the waitlist</dt><dd>1</dd>" in page


def test_completions_csv_names_learners_and_neutralizes_formulas(
    coordinator_client: Client, world: World
) -> None:
    world.other.first_name = "=cmd|' /C calc'!A0"
    world.other.save()

    response = coordinator_client.get(
        reverse("coordinator:report_completions_csv", args=[world.course.slug])
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="advancing-completions.csv"' in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0] == ["Name", "E-mail", "Profession", "Completed on", "Credit claimed"]
    assert [
        "Maya Chen",
        world.physician.email,
        "Physician",
        "2025-06-10",
        "2.0 AMA PRA Category 1 Credit™; 2.0 ABIM MOC",
    ] in rows
    assert any(row[0] == "'=cmd|' /C calc'!A0 Park" for row in rows)


def test_evaluation_csv_has_no_names_and_neutralizes_formulas(
    coordinator_client: Client, world: World
) -> None:
    response = coordinator_client.get(
        reverse("coordinator:report_evaluation_csv", args=[world.course.slug])
    )

    text = response.content.decode()
    for person in (world.physician, world.physician_two, world.nurse, world.other):
        assert person.last_name not in text
        assert person.email not in text
    rows = rows_of(response)
    assert rows[0][:3] == [
        "Response",
        "Submitted on",
        "Objective 1: Describe how implicit bias affects clinical decisions",
    ]
    assert len(rows) == 5
    assert '\'=HYPERLINK("http://evil.example")' in [row[-1] for row in rows]


def test_annual_summary_page_and_csv_for_a_chosen_year(
    coordinator_client: Client, world: World
) -> None:
    page = coordinator_client.get(reverse("coordinator:report_annual"), {"year": "2025"}).text
    assert "Annual summary 2025" in page
    assert "<dt>Physician learners</dt><dd>2</dd>" in page
    assert '<td class="num">5000.00</td>' in page

    rows = rows_of(
        coordinator_client.get(reverse("coordinator:report_annual_csv"), {"year": "2025"})
    )
    assert ["Hours of instruction", "All", "5.50"] in rows


def test_an_unknown_year_falls_back_to_this_year(coordinator_client: Client, world: World) -> None:
    page = coordinator_client.get(reverse("coordinator:report_annual"), {"year": "1999"}).text

    assert f"Annual summary {timezone.localdate().year}" in page


# --- Organization admins ------------------------------------------------------------------


@pytest.fixture
def riverbend(world: World) -> Any:
    riverbend = make_organization("Riverbend Health", slug="riverbend")
    make_membership(world.physician, riverbend)
    make_membership(world.nurse, riverbend)
    northside = make_organization("Northside Clinic", slug="northside")
    make_membership(world.other, northside)
    return riverbend


def test_an_org_admin_sees_their_members_completions_only(
    client: Client, world: World, riverbend: Any
) -> None:
    admin = make_learner()
    make_membership(admin, riverbend, MembershipRole.ORG_ADMIN)
    client.force_login(admin)

    page = client.get(reverse("outcomes:organization_report", args=["riverbend"])).text

    assert "Maya Chen" in page and "Grace Okafor" in page
    assert "Lee Park" not in page and "Omar Haddad" not in page
    assert "2 completions." in page
    assert (
        client.get(reverse("outcomes:organization_report", args=["northside"])).status_code == 403
    )
    account = client.get(reverse("accounts:account")).text
    assert reverse("outcomes:organization_report", args=["riverbend"]) in account


def test_org_report_filters_by_year_and_exports_csv(
    client: Client, world: World, riverbend: Any
) -> None:
    admin = make_learner()
    make_membership(admin, riverbend, MembershipRole.ORG_ADMIN)
    client.force_login(admin)
    url = reverse("outcomes:organization_report", args=["riverbend"])

    assert "No completions in 2024 yet." in client.get(url, {"year": "2024"}).text
    response = client.get(
        reverse("outcomes:organization_report_csv", args=["riverbend"]), {"year": "2025"}
    )

    assert 'filename="riverbend-completions-2025.csv"' in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0] == ["Name", "E-mail", "Activity", "Completed on", "Credit claimed"]
    assert sorted(row[0] for row in rows[1:]) == ["Grace Okafor", "Maya Chen"]


def test_org_report_is_closed_to_members_and_strangers(
    client: Client, world: World, riverbend: Any
) -> None:
    url = reverse("outcomes:organization_report", args=["riverbend"])
    csv_url = reverse("outcomes:organization_report_csv", args=["riverbend"])
    assert client.get(url).status_code == 302
    client.force_login(world.physician)  # a plain member
    assert client.get(url).status_code == 403
    assert client.get(csv_url).status_code == 403
    assert client.get(reverse("outcomes:organization_report", args=["nowhere"])).status_code == 404


def test_activity_report_shows_follow_up_results_and_extra_answers(
    coordinator_client: Client, world: World
) -> None:
    question = EvaluationQuestion.objects.create(
        activity=world.course, position=1, text="Which module helped most?", kind=QuestionKind.TEXT
    )
    evaluation = Evaluation.objects.get(enrollment__user=world.nurse)
    evaluation.extra_answers = {str(question.pk): "The case videos."}
    evaluation.save()
    create_due_follow_ups()  # claims of June 2025: both follow-ups are long due
    first = CommitmentFollowUp.objects.order_by("pk").first()
    assert first is not None
    CommitmentFollowUp.objects.update(sent_at=first.due_at)
    answer_follow_up(first.token, "not_yet", "No time in clinic.")

    page = coordinator_client.get(
        reverse("coordinator:report_activity", args=[world.course.slug])
    ).text

    assert "2 follow-up e-mails sent; 1 answered." in page
    assert "How far learners made the change they committed to" in page
    assert "Not yet: 1" in page  # in the chart's description
    assert "No time in clinic." in page
    assert "Which module helped most?" in page and "The case videos." in page
