"""catalog.services.authoring: saving, validating and duplicating activities."""

from __future__ import annotations

from decimal import Decimal

import pytest

from equitylens.audit.models import LogEntry
from equitylens.catalog.models import Activity, ActivityStatus, LearningObjective, Topic
from equitylens.catalog.services.authoring import (
    DETAIL_FIELDS,
    AuthoringError,
    ObjectiveInput,
    OfferingInput,
    coordinator_activities,
    credit_field,
    duplicate_activity,
    save_activity,
    topic_names,
    unique_slug,
)
from tests.factories import (
    make_activity,
    make_coordinator,
    make_offering,
    make_organization,
    make_provider,
    make_topic,
)

pytestmark = pytest.mark.django_db


def details(**overrides):
    data = {
        "title": "Language that Promotes Equity",
        "slug": "",
        "summary": "Words that harm and what to say instead.",
        "description": "",
        "target_audience": "All staff",
        "format": "internet_live",
        "duration_minutes": 60,
        "starts_on": None,
        "ends_on": None,
        "audience": "public",
        "joint_provider": None,
        "bookable_privately": False,
        "contact_name": "Casey",
        "contact_email": "cme@example.org",
        "topics": [],
        "new_topics": "",
        "internal_organizations": [],
    }
    data.update(overrides)
    return data


AMA_1 = OfferingInput(credit_type="ama_pra_1", amount=Decimal("1.0"))


def test_save_activity_creates_an_activity_in_development_with_default_units():
    make_provider()
    by = make_coordinator()

    activity = save_activity(
        None,
        details(),
        ["  Name three harmful terms. ", ""],
        [AMA_1, OfferingInput("nursing", Decimal("1")), OfferingInput("moc_abim", None)],
        by,
    )

    assert activity.status == ActivityStatus.IN_DEVELOPMENT
    assert activity.slug == "language-that-promotes-equity"
    assert activity.provider == make_provider()
    assert list(activity.objectives.values_list("text", flat=True)) == ["Name three harmful terms."]
    units = dict(activity.credit_offerings.values_list("credit_type", "unit"))
    assert units == {"ama_pra_1": "credits", "nursing": "hours"}
    assert LogEntry.objects.filter(action="activity.created", actor=by).count() == 1


def test_a_refusal_lists_every_broken_rule_and_writes_nothing():
    make_provider()
    make_activity("Taken", slug="taken")
    before = (Activity.objects.count(), LearningObjective.objects.count(), Topic.objects.count())

    with pytest.raises(AuthoringError) as refusal:
        save_activity(
            None,
            details(slug="taken", audience="internal", new_topics="Brand new topic"),
            ["An objective"],
            [OfferingInput("ama_pra_1", Decimal("1.1")), OfferingInput("moc_aba", Decimal("0"))],
            None,
        )

    assert set(refusal.value.errors) == {
        "slug",
        "internal_organizations",
        credit_field("ama_pra_1"),
        credit_field("moc_aba"),
    }
    after = (Activity.objects.count(), LearningObjective.objects.count(), Topic.objects.count())
    assert after == before


def test_an_existing_topic_is_reused_whatever_its_case():
    make_provider()
    existing = make_topic("Health equity")

    activity = save_activity(None, details(new_topics="health EQUITY, Bias"), [], [AMA_1], None)

    assert set(activity.topics.all()) == {existing, Topic.objects.get(name="Bias")}


def test_editing_keeps_objective_rows_matched_by_id():
    activity = make_activity(status=ActivityStatus.IN_DEVELOPMENT, objectives=("A", "B"))
    a, b = activity.objectives.order_by("position")

    save_activity(
        activity,
        details(slug=activity.slug),
        [ObjectiveInput("B", b.pk), ObjectiveInput("A, clearer", a.pk), "C"],
        [AMA_1],
        None,
    )

    rows = list(activity.objectives.values_list("pk", "position", "text"))
    assert rows[:2] == [(b.pk, 1, "B"), (a.pk, 2, "A, clearer")]
    assert rows[2][1:] == (3, "C")


def test_editing_never_changes_the_status():
    activity = make_activity(status=ActivityStatus.CLOSED)
    make_offering(activity)

    saved = save_activity(
        activity, details(slug=activity.slug, status="open"), ["X"], [AMA_1], None
    )

    assert saved.status == ActivityStatus.CLOSED


def test_an_edit_that_changes_nothing_is_not_logged():
    activity = make_activity(status=ActivityStatus.IN_DEVELOPMENT, objectives=("Only",))
    offering = make_offering(activity, amount="1.0")
    same = details(**{field: getattr(activity, field) for field in DETAIL_FIELDS})
    objective = activity.objectives.get()

    save_activity(
        activity,
        same,
        [ObjectiveInput(objective.text, objective.pk)],
        [OfferingInput(offering.credit_type, offering.amount, offering.unit)],
        None,
    )

    assert not LogEntry.objects.filter(action="activity.updated").exists()


def test_a_joint_provider_cannot_be_the_accredited_provider():
    activity = make_activity(status=ActivityStatus.IN_DEVELOPMENT)

    with pytest.raises(AuthoringError) as refusal:
        save_activity(
            activity,
            details(slug=activity.slug, joint_provider=make_provider()),
            ["X"],
            [AMA_1],
            None,
        )

    assert "joint_provider" in refusal.value.errors


def test_duplicate_activity_copies_into_a_draft_with_a_fresh_slug():
    riverbend = make_organization("Riverbend Health")
    source = make_activity(
        "Workshop", slug="workshop", audience="internal", internal_to=(riverbend,)
    )
    make_offering(source, "moc_abohns", "1.0", self_assessment=True)

    copy = duplicate_activity(source, None)

    assert (copy.title, copy.slug, copy.status) == (
        "Copy of Workshop",
        "copy-of-workshop",
        ActivityStatus.IN_DEVELOPMENT,
    )
    assert list(copy.internal_organizations.all()) == [riverbend]
    assert copy.credit_offerings.get().self_assessment is True


def test_unique_slug_appends_the_first_free_number():
    make_activity(slug="workshop")
    make_activity(slug="workshop-2")

    assert unique_slug("Workshop!") == "workshop-3"
    assert unique_slug("???") == "activity"


def test_topic_names_are_trimmed_and_not_repeated():
    assert topic_names(" Bias ,  health   equity, bias,, ") == ["Bias", "health equity"]


def test_coordinator_activities_include_internal_and_draft_activities():
    make_activity("Internal draft", status="in_development", audience="internal")
    make_activity("Public open")

    assert [a.title for a in coordinator_activities()] == ["Internal draft", "Public open"]
    assert [a.title for a in coordinator_activities(text="draft")] == ["Internal draft"]
