"""Report numbers for the small fixed world of tests/outcomes/conftest.py."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from equitylens.catalog.models import CreditType
from equitylens.outcomes.services.activity_report import activity_report
from equitylens.outcomes.services.annual import annual_summary, annual_summary_csv
from equitylens.outcomes.services.evaluation_summary import evaluation_summary
from equitylens.outcomes.services.organizations import organization_completions
from tests.factories import make_learner, make_membership, make_organization
from tests.outcomes.factories_reports import make_completion
from tests.outcomes.factories_world import World


def test_activity_report_counts_completions_and_credit_by_type(world: World) -> None:
    report = activity_report(world.course)

    assert (report.enrolled, report.completed, report.claimed) == (4, 4, 3)
    credits = {c.credit_type: (c.amount, c.learners) for c in report.credits}
    assert credits == {
        CreditType.AMA_PRA_1: (Decimal("3.50"), 2),
        CreditType.MOC_ABIM: (Decimal("2.00"), 1),
        CreditType.PARTICIPATION: (Decimal("2.00"), 1),
    }


def test_activity_report_counts_registrations_by_status_and_attendance(world: World) -> None:
    report = activity_report(world.workshop)

    assert (report.registered, report.waitlisted, report.cancelled) == (3, 1, 1)
    assert report.attended == 2
    assert report.credits == []


def test_evaluation_summary_gives_each_objectives_rating_distribution(world: World) -> None:
    summary = evaluation_summary(world.course)

    assert summary.responses == 4
    (objective,) = summary.objectives
    assert objective.counts == (0, 1, 0, 1, 2)
    assert objective.rows()[4] == ("5 – Completely", 2)
    assert summary.quality[0].rows()[0] == ("1 – Strongly disagree", 0)
    assert [q.counts for q in summary.quality] == [(0, 0, 1, 3, 0)] * 4


def test_evaluation_summary_intent_rate_and_bias_concerns(world: World) -> None:
    summary = evaluation_summary(world.course)

    assert summary.intending_change == 3
    assert summary.percent_intending_change == 75
    assert summary.bias_concerns == ["A slide named one brand of inhaler."]
    assert summary.results.commitments == [
        "Ask every patient which language they prefer.",
        "Review my notes for stigmatizing words.",
    ]


def test_a_bias_concern_without_explanation_is_still_listed(world: World) -> None:
    make_completion(make_learner(), world.course, bias_free=False)

    assert evaluation_summary(world.course).bias_concerns[-1] == "(no explanation given)"


def test_annual_summary_counts_activities_hours_learners_and_support(world: World) -> None:
    summary = annual_summary(2025)

    assert summary.activities == 3
    by_format = {line.format: (line.activities, line.hours) for line in summary.by_format}
    assert by_format == {
        "live_course": (1, Decimal("1.50")),
        "rss": (1, Decimal("2.00")),  # two sessions held × 1 hour; the cancelled one is not
        "enduring": (1, Decimal("2.00")),
    }
    assert summary.hours == Decimal("5.50")
    assert (summary.physician_learners, summary.other_learners) == (2, 2)
    support = {s.supporter_type: (s.monetary, s.in_kind) for s in summary.support}
    assert support == {"commercial": (Decimal("5000.00"), 1), "other": (Decimal("1200.00"), 0)}


def test_annual_summary_leaves_out_other_years(world: World) -> None:
    make_completion(
        make_learner(profession="physician"),
        world.course,
        evaluated_at=datetime(2024, 12, 1, 15, tzinfo=UTC),
    )

    assert annual_summary(2025).physician_learners == 2
    summary_2026 = annual_summary(2026)
    assert [line.format for line in summary_2026.by_format] == ["rss"]
    assert summary_2026.hours == Decimal("1.00")
    assert summary_2026.physician_learners == 0


def test_annual_summary_csv_has_every_number(world: World) -> None:
    text = annual_summary_csv(annual_summary(2025))

    assert text.splitlines()[0] == "Section,Item,Value"
    assert "Hours of instruction,All,5.50\r\n" in text
    assert "Learners,Physicians,2\r\n" in text
    assert '"Support received (US dollars)",' not in text
    assert "Support received (US dollars),Commercial support (ineligible company),5000.00" in text


def test_organization_completions_are_its_members_only(world: World) -> None:
    riverbend = make_organization("Riverbend Health")
    make_membership(world.physician, riverbend)
    make_membership(world.nurse, riverbend)

    rows = organization_completions(riverbend)

    assert sorted(r.name for r in rows) == ["Grace Okafor", "Maya Chen"]
    maya = next(r for r in rows if r.name == "Maya Chen")
    assert maya.credits == ["2.0 AMA PRA Category 1 Credit™", "2.0 ABIM MOC"]
    assert organization_completions(riverbend, 2024) == []
    assert len(organization_completions(riverbend, 2025)) == 2
