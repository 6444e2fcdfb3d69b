"""Series credit: one enrollment, evaluation, claim and certificate per session attended."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from equitylens.catalog.models import CreditType
from equitylens.credentials.models import Certificate
from equitylens.learning.models import CreditClaim, Enrollment
from equitylens.learning.services.codes import create_session_code
from equitylens.learning.services.enrollments import completion_date
from equitylens.live.services.facilitation import session_code
from tests.factories import make_activity, make_learner, make_offering
from tests.learning.factories_evaluation import complete_answers
from tests.live.factories_facilitation import make_live_session, make_series, register

pytestmark = pytest.mark.django_db

CLAIM = {"claim_ama_pra_1": "1", "amount_ama_pra_1": "1.00"}


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def series() -> Any:
    activity = make_series(slug="conversations-on-race-and-equity")
    make_offering(activity, CreditType.AMA_PRA_1, "1.00", eligible_professions=["physician"])
    return activity


def two_sessions(series: Any) -> tuple[Any, Any]:
    now = timezone.now()
    # 11:00 PM in Chicago on the first: already the next day in UTC.
    first = make_live_session(
        series, title="January: Language access", starts_at=now - timedelta(days=20)
    )
    second = make_live_session(series, title="February: Trust", starts_at=now - timedelta(days=3))
    return first, second


def attend_evaluate_claim(client: Client, session: Any) -> Enrollment:
    code = session_code(session, None)
    response = client.post("/claim/", {"code": code.code})
    base = f"/learn/{session.activity.slug}/sessions/{session.pk}"
    assert response.status_code == 302 and response["Location"] == f"{base}/evaluation/"
    response = client.post(f"{base}/evaluation/", complete_answers(session.activity))
    assert response.status_code == 302 and response["Location"] == f"{base}/credit/"
    response = client.post(f"{base}/credit/", CLAIM)
    assert response.status_code == 302 and response["Location"] == f"{base}/credit/"
    return Enrollment.objects.get(session=session)


def test_two_sessions_give_two_enrollments_claims_and_certificates(series: Any) -> None:
    learner = make_learner(first_name="Maya", last_name="Chen")
    first, second = two_sessions(series)
    client = signed_in(learner)
    one = attend_evaluate_claim(client, first)
    two = attend_evaluate_claim(client, second)
    assert one.pk != two.pk and {one.session_id, two.session_id} == {first.pk, second.pk}
    assert CreditClaim.objects.filter(user=learner).count() == 2
    days = {
        c.claim.enrollment.session_id: c.claim.completed_on
        for c in Certificate.objects.select_related("claim__enrollment")
    }
    assert (
        days[first.pk]
        == completion_date(one)
        == first.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("America/Chicago")).date()
    )
    assert days[second.pk] == completion_date(two)
    for session in (first, second):
        certificate = Certificate.objects.get(claim__enrollment__session=session)
        day = days[session.pk]
        assert certificate.completion_text == f"Session of {day:%b} {day.day}, {day.year}"
    ready = client.get(f"/learn/{series.slug}/sessions/{first.pk}/credit/").content.decode()
    assert "Your certificate is ready" in ready


def test_the_same_code_twice_keeps_one_enrollment_per_session(series: Any) -> None:
    learner = make_learner()
    first, _ = two_sessions(series)
    code = session_code(first, None)
    client = signed_in(learner)
    client.post("/claim/", {"code": code.code})
    client.post("/claim/", {"code": code.code})
    assert Enrollment.objects.filter(user=learner, session=first).count() == 1


def test_series_page_shows_each_session_and_the_credit_total(series: Any) -> None:
    learner = make_learner()
    first, second = two_sessions(series)
    upcoming = make_live_session(
        series, title="March: Food as medicine", starts_at=timezone.now() + timedelta(days=20)
    )
    register(upcoming, learner)
    client = signed_in(learner)
    attend_evaluate_claim(client, first)
    code = session_code(second, None)
    client.post("/claim/", {"code": code.code})
    html = client.get(f"/series/{series.slug}/").content.decode()
    for title in ("January: Language access", "February: Trust", "March: Food as medicine"):
        assert title in html
    certificate = Certificate.objects.get()
    assert f"Certificate {certificate.number}" in html
    assert f'href="/learn/{series.slug}/sessions/{second.pk}/evaluation/"' in html
    assert "Registered</td>" in html or ">Registered<" in html
    assert "<strong>1.0</strong> AMA PRA Category 1 Credit(s)™" in html


def test_someone_elses_session_pages_are_404(series: Any) -> None:
    first, _ = two_sessions(series)
    attend_evaluate_claim(signed_in(make_learner()), first)
    other = signed_in(make_learner())
    base = f"/learn/{series.slug}/sessions/{first.pk}"
    assert other.get(f"{base}/credit/").status_code == 404
    assert other.get(f"{base}/").status_code == 404
    assert other.get(f"{base}/evaluation/").status_code == 302  # sent to the activity page


def test_series_page_is_404_for_activities_that_are_not_series() -> None:
    workshop = make_activity()
    assert signed_in(make_learner()).get(f"/series/{workshop.slug}/").status_code == 404


def test_non_series_live_activity_keeps_its_activity_wide_path() -> None:
    workshop = make_activity(starts_on=timezone.localdate(), ends_on=timezone.localdate())
    code = create_session_code(
        workshop, label="Morning", starts_at=timezone.now() - timedelta(hours=1), by=None
    )
    learner = make_learner()
    response = signed_in(learner).post("/claim/", {"code": code.code})
    assert response["Location"] == f"/learn/{workshop.slug}/evaluation/"
    assert Enrollment.objects.get(user=learner).session_id is None


def test_my_learning_links_a_session_enrollment_to_its_session_hub(series: Any) -> None:
    learner = make_learner()
    first, _ = two_sessions(series)
    client = signed_in(learner)
    client.post("/claim/", {"code": session_code(first, None).code})
    hub = f"/learn/{series.slug}/sessions/{first.pk}/"
    assert hub in client.get("/learn/").content.decode()
    html = client.get(hub).content.decode()
    assert "This session: January: Language access" in html
    assert f'href="/series/{series.slug}/"' in html
    # The activity-wide hub sends a series learner to their series page.
    assert client.get(f"/learn/{series.slug}/")["Location"] == f"/series/{series.slug}/"
