"""PARS batches: each completion reported once; re-runs give only new or corrected lines."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from equitylens.accounts.models import BoardCertification
from equitylens.audit.models import LogEntry
from equitylens.catalog.models import ActivityStatus, CreditType
from equitylens.credentials.models import ParsBatch, ParsBatchStatus, ParsRecord
from equitylens.credentials.services.pars import (
    build_activity_batch,
    build_learner_batch,
    mark_exported,
)
from equitylens.credentials.services.pars_files import ACTIVITY_COLUMNS, LEARNER_COLUMNS
from equitylens.support.models import ActivitySupport
from tests.credentials.factories_pars import make_moc_completion, make_moc_learner
from tests.factories import make_activity, make_coordinator, make_offering

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator() -> Any:
    return make_coordinator()


@pytest.fixture
def activity() -> Any:
    return make_activity("Implicit Bias in Triage", slug="implicit-bias-in-triage")


def _lines(batch: ParsBatch) -> list[list[str]]:
    return [line.split("\t") for line in batch.content.split("\r\n") if line]


def test_each_valid_completion_is_in_the_batch_once(coordinator: Any, activity: Any) -> None:
    one = make_moc_completion(make_moc_learner("111111", last_name="Adams"), activity)
    two = make_moc_completion(make_moc_learner("222222", last_name="Baker"), activity)
    batch = build_learner_batch(coordinator)
    assert batch is not None
    assert batch.record_count == 2
    assert [line[4] for line in _lines(batch)] == ["111111", "222222"]
    assert set(batch.records.values_list("claimed_credit", flat=True)) == {one.pk, two.pk}
    assert LogEntry.objects.filter(action="pars.learner_batch_created").count() == 1


def test_rerun_with_nothing_new_creates_nothing(coordinator: Any, activity: Any) -> None:
    make_moc_completion(make_moc_learner(), activity)
    assert build_learner_batch(coordinator) is not None
    assert build_learner_batch(coordinator) is None
    assert ParsBatch.objects.count() == 1
    assert ParsRecord.objects.count() == 1


def test_rerun_reports_only_new_completions(coordinator: Any, activity: Any) -> None:
    make_moc_completion(make_moc_learner("111111"), activity)
    build_learner_batch(coordinator)
    new = make_moc_completion(make_moc_learner("333333"), activity)
    batch = build_learner_batch(coordinator)
    assert batch is not None
    assert batch.record_count == 1
    assert batch.corrected_count == 0
    assert list(batch.records.values_list("claimed_credit", flat=True)) == [new.pk]


def test_a_corrected_board_id_gives_a_corrected_record(coordinator: Any, activity: Any) -> None:
    learner = make_moc_learner("111111")
    line = make_moc_completion(learner, activity)
    build_learner_batch(coordinator)
    BoardCertification.objects.filter(user=learner).update(board_id="111112")
    batch = build_learner_batch(coordinator)
    assert batch is not None
    assert (batch.record_count, batch.corrected_count) == (1, 1)
    assert _lines(batch)[0][4] == "111112"
    record = batch.records.get()
    assert (record.claimed_credit_id, record.corrected) == (line.pk, True)
    assert build_learner_batch(coordinator) is None


def test_consent_is_required(coordinator: Any, activity: Any) -> None:
    make_moc_completion(make_moc_learner(), activity, consent=False)
    assert build_learner_batch(coordinator) is None
    assert ParsBatch.objects.count() == 0


def test_invalid_lines_are_left_out_and_counted(coordinator: Any, activity: Any) -> None:
    make_moc_completion(make_moc_learner("123"), activity)
    make_moc_completion(make_moc_learner(birth=(2, 31)), activity)
    fine = make_moc_completion(make_moc_learner(), activity)
    batch = build_learner_batch(coordinator)
    assert batch is not None
    assert (batch.record_count, batch.excluded_count) == (1, 2)
    assert batch.records.get().claimed_credit_id == fine.pk


def test_a_fixed_line_is_reported_by_the_next_batch(coordinator: Any, activity: Any) -> None:
    learner = make_moc_learner(birth=(None, None))
    make_moc_completion(learner, activity)
    assert build_learner_batch(coordinator) is None
    learner.birth_month, learner.birth_day = 5, 1
    learner.save()
    batch = build_learner_batch(coordinator)
    assert batch is not None
    assert (batch.record_count, batch.corrected_count) == (1, 0)
    assert _lines(batch)[0][5] == "05/01"


def test_since_limits_to_claims_from_that_moment(coordinator: Any, activity: Any) -> None:
    make_moc_completion(make_moc_learner(), activity)
    from django.utils import timezone

    cut = timezone.now()
    late = make_moc_completion(make_moc_learner(), activity)
    batch = build_learner_batch(coordinator, since=cut)
    assert batch is not None
    assert list(batch.records.values_list("claimed_credit", flat=True)) == [late.pk]


def test_values_with_tabs_cannot_shift_columns(coordinator: Any, activity: Any) -> None:
    make_moc_completion(make_moc_learner(first_name="Mary\tAnn", last_name="O'Neil\n"), activity)
    batch = build_learner_batch(coordinator)
    assert batch is not None
    assert _lines(batch)[0][1:3] == ["Mary Ann", "O'Neil"]


def test_activity_batch_reports_each_activity_once(coordinator: Any) -> None:
    workshop = make_activity(
        "Bias\tWorkshop",
        slug="bias-workshop",
        duration_minutes=90,
        starts_on=date(2026, 3, 3),
        ends_on=None,
    )
    make_offering(workshop, CreditType.AMA_PRA_1, "1.50")
    ActivitySupport.objects.create(
        activity=workshop, supporter_type="commercial", supporter_name="Acme", kind="in_kind"
    )
    make_activity("Draft", status=ActivityStatus.IN_DEVELOPMENT)
    make_activity("No date", starts_on=None)
    batch = build_activity_batch(coordinator)
    assert batch is not None
    assert batch.content == (
        "bias-workshop\tBias Workshop\tC\t03/03/2026\t03/03/2026\t1.50\t1.50\tY\r\n"
    )
    assert batch.excluded_count == 1
    assert build_activity_batch(coordinator) is None
    workshop.title = "Bias Workshop, revised"
    workshop.save()
    again = build_activity_batch(coordinator)
    assert again is not None
    assert again.corrected_count == 1


def test_blank_fields_are_present_and_truly_empty(coordinator: Any, activity: Any) -> None:
    # Confirmed PARS rule (docs/pars.md): no header row, every field present in every
    # record, and an empty field is nothing between two tabs (no zero, no space).
    make_moc_completion(make_moc_learner("111111"), activity)
    learners = build_learner_batch(coordinator)
    assert learners is not None
    assert [len(line) for line in _lines(learners)] == [len(LEARNER_COLUMNS)]
    assert _lines(learners)[0][0] == "implicit-bias-in-triage"  # data first: no header

    activity.duration_minutes = 0
    activity.save()
    activities = build_activity_batch(coordinator)
    assert activities is not None
    (line,) = _lines(activities)
    assert len(line) == len(ACTIVITY_COLUMNS)
    hours = ACTIVITY_COLUMNS.index("Hours of Instruction")
    ama = ACTIVITY_COLUMNS.index("AMA PRA Category 1 Credits Designated")
    assert (line[hours], line[ama], line[-1]) == ("", "", "N")


def test_mark_exported_sets_status_once_and_logs_every_download(
    coordinator: Any, activity: Any
) -> None:
    make_moc_completion(make_moc_learner(), activity)
    batch = build_learner_batch(coordinator)
    assert batch is not None
    first = mark_exported(batch, coordinator)
    assert first.status == ParsBatchStatus.EXPORTED
    exported_at = first.exported_at
    second = mark_exported(batch, coordinator)
    assert second.exported_at == exported_at
    assert LogEntry.objects.filter(action="pars.exported").count() == 2
