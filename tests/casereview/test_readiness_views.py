"""Readiness pages through the views: who may see them, the form, results and history."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from equitylens.accounts.models import MembershipRole
from equitylens.casereview.models import (
    AccessAction,
    AccessOutcome,
    CaseAccess,
    ReadinessAssessment,
    ReadinessLevel,
)
from equitylens.casereview.services.readiness import assess
from tests.casereview.factories_readiness import all_answers, readiness_post
from tests.factories import make_coordinator, make_membership, make_organization, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Any:
    return make_organization("Riverbend Health", slug="riverbend-health")


@pytest.fixture
def admin(org: Any) -> Any:
    user = make_user(first_name="Priya", last_name="Patel")
    make_membership(user, org, role=MembershipRole.ORG_ADMIN)
    return user


def url(org: Any) -> str:
    return reverse("casereview:readiness", args=[org.slug])


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_gets_the_refusal_page_with_a_sign_in_link_and_is_logged(org: Any) -> None:
    response = Client().get(url(org))
    html = response.content.decode()
    assert response.status_code == 403
    assert 'href="/accounts/login/?next=' in html
    entry = CaseAccess.objects.get()
    assert entry.actor is None and entry.organization_id == org.pk and entry.series_id is None
    assert (entry.outcome, entry.action, entry.reason) == (
        AccessOutcome.DENIED,
        AccessAction.VIEW,
        "not an organization admin",
    )


def test_unknown_organization_is_not_found_and_logged() -> None:
    response = Client().get(reverse("casereview:readiness", args=["no-such-org"]))
    assert response.status_code == 404
    assert CaseAccess.objects.get().reason == "no such organization"


def test_every_admin_visit_and_save_is_logged_as_allowed(org: Any, admin: Any) -> None:
    client = signed_in(admin)
    client.get(url(org))
    client.post(url(org), readiness_post("yes"))
    rows = list(CaseAccess.objects.order_by("pk").values_list("actor", "action", "outcome"))
    assert rows == [
        (admin.pk, AccessAction.VIEW, AccessOutcome.ALLOWED),
        (admin.pk, AccessAction.EDIT, AccessOutcome.ALLOWED),
    ]


def test_coordinator_without_two_factor_is_sent_to_set_it_up(org: Any) -> None:
    response = signed_in(make_coordinator(with_totp=False)).get(url(org))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa_required")
    assert CaseAccess.objects.get().outcome == AccessOutcome.DENIED


def test_member_of_the_organization_is_refused(org: Any) -> None:
    member = make_user()
    make_membership(member, org, role=MembershipRole.MEMBER)
    assert signed_in(member).get(url(org)).status_code == 403
    assert CaseAccess.objects.get().actor == member


def test_admin_of_another_organization_is_refused_page_and_post(org: Any) -> None:
    elsewhere = make_user()
    make_membership(elsewhere, make_organization(), role=MembershipRole.ORG_ADMIN)
    client = signed_in(elsewhere)
    assert client.get(url(org)).status_code == 403
    assert client.post(url(org), readiness_post()).status_code == 403
    assert not ReadinessAssessment.objects.exists()


def test_another_organizations_check_is_not_found_under_this_one(org: Any, admin: Any) -> None:
    other = make_organization()
    theirs = assess(other, all_answers(), make_user())
    response = signed_in(admin).get(
        reverse("casereview:readiness_result", args=[org.slug, theirs.pk])
    )
    assert response.status_code == 404
    entry = CaseAccess.objects.get()
    assert (entry.outcome, entry.reason) == (AccessOutcome.DENIED, "no such readiness check")


def test_coordinator_may_open_the_page(org: Any) -> None:
    response = signed_in(make_coordinator()).get(url(org))
    assert response.status_code == 200
    assert "Health Equity M&amp;M readiness" in response.content.decode()


def test_admin_sees_six_questions_as_radio_groups(org: Any, admin: Any) -> None:
    html = signed_in(admin).get(url(org)).content.decode()
    assert html.count("<fieldset") == 6
    assert "Is quality-improvement or peer-review protection in place" in html
    assert 'name="protection_note"' in html
    assert "Past checks" not in html


def test_missing_answers_show_summary_keep_answers_and_save_nothing(org: Any, admin: Any) -> None:
    data = readiness_post("yes", facilitator=None, protection=None, training_note="Half done")
    response = signed_in(admin).post(url(org), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved — fix 2 problems" in html
    assert 'href="#id_facilitator_0">Answer question 5: choose yes, partly or no.' in html
    assert 'href="#id_protection_0">Answer question 6' in html
    assert 'aria-describedby="id_protection_helptext id_protection_error"' in html
    assert 'value="yes" id="id_equity_data_0" checked' in html.replace("required ", "")
    assert "Half done</textarea>" in html
    assert not ReadinessAssessment.objects.exists()


def test_admin_completes_the_check_and_sees_level_steps_and_answers(org: Any, admin: Any) -> None:
    client = signed_in(admin)
    data = readiness_post("yes", facilitator="no", protection_note="Confirmed by legal")
    response = client.post(url(org), data)
    assessment = ReadinessAssessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "casereview:readiness_result", args=[org.slug, assessment.pk]
    )
    assert assessment.level == ReadinessLevel.READY_WITH_SUPPORT
    assert assessment.organization == org and assessment.completed_by == admin
    html = client.get(response["Location"]).content.decode()
    assert "Ready with support" in html
    assert "Request a facilitator from Lakeshore Medical Society" in html
    assert "Confirmed by legal" in html
    assert "by Priya Patel" in html

    # A double submit saves nothing new.
    client.post(url(org), data)
    assert ReadinessAssessment.objects.count() == 1


def test_history_lists_only_this_organizations_checks_newest_first(org: Any, admin: Any) -> None:
    assess(org, all_answers("no"), admin)
    assess(org, all_answers("yes"), admin)
    assess(make_organization(), all_answers("partly"), make_user())
    html = signed_in(admin).get(url(org)).content.decode()
    assert "Past checks" in html
    assert html.index(">Ready<") < html.index(">Not yet<")
    assert "Ready with support" not in html
    assert "Take the check again" in html


def test_account_page_links_admin_to_readiness(org: Any, admin: Any) -> None:
    html = signed_in(admin).get(reverse("accounts:account")).content.decode()
    assert f'href="{url(org)}"' in html
    assert "Riverbend Health: Health Equity M&amp;M readiness" in html
