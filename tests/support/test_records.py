"""The rules for recording support, and the acknowledgment learners read."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from equitylens.audit.models import LogEntry
from equitylens.support.models import ActivitySupport, SupporterType, SupportKind
from equitylens.support.services.records import (
    SupportInput,
    SupportRuleError,
    delete_support,
    edit_support,
    record_support,
    support_acknowledgment,
)
from tests.factories import make_activity, make_coordinator
from tests.support.factories_support import agreement_pdf, agreement_png, fake_pdf

pytestmark = pytest.mark.django_db
SIGNED = date(2026, 1, 15)


def commercial(activity, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "supporter_type": SupporterType.COMMERCIAL,
        "supporter_name": "Acme Diagnostics, Inc.",
        "kind": SupportKind.MONETARY,
        "amount": Decimal("5000"),
        "agreement_file": agreement_pdf(),
        "agreement_signed_on": SIGNED,
        "by": None,
    }
    values.update(overrides)
    return record_support(activity, **values)


def other(activity, name="Meridian Valley Health Foundation", **overrides):  # type: ignore[no-untyped-def]
    values = {
        "supporter_type": SupporterType.OTHER,
        "supporter_name": name,
        "kind": SupportKind.MONETARY,
        "amount": Decimal("7500"),
        "by": None,
    }
    values.update(overrides)
    return record_support(activity, **values)


def refusal(activity, **overrides) -> SupportRuleError:  # type: ignore[no-untyped-def]
    with pytest.raises(SupportRuleError) as caught:
        commercial(activity, **overrides)
    assert not ActivitySupport.objects.exists()
    return caught.value


# ---- rules ---------------------------------------------------------------------------


def test_commercial_support_with_a_signed_agreement_is_recorded_and_logged() -> None:
    coordinator = make_coordinator()
    support = commercial(make_activity(), by=coordinator)
    assert support.agreement_file.name.startswith("support/agreements/agreement")
    assert support.recorded_by == coordinator
    entry = LogEntry.objects.get(action="support.recorded")
    assert entry.actor == coordinator and entry.data["supporter_name"] == "Acme Diagnostics, Inc."


def test_commercial_support_without_the_agreement_file_is_refused() -> None:
    error = refusal(make_activity(), agreement_file=None)
    assert error.field == "agreement_file" and "signed written agreement" in str(error)


def test_commercial_support_needs_the_signing_date() -> None:
    error = refusal(make_activity(), agreement_signed_on=None)
    assert error.field == "agreement_signed_on"


def test_an_agreement_signed_in_the_future_is_refused() -> None:
    error = refusal(make_activity(), agreement_signed_on=date.today() + timedelta(days=2))
    assert error.field == "agreement_signed_on" and "future" in str(error)


def test_the_supporter_must_be_named() -> None:
    assert refusal(make_activity(), supporter_name="  ").field == "supporter_name"


def test_monetary_support_needs_an_amount_above_zero() -> None:
    activity = make_activity()
    assert refusal(activity, amount=None).field == "amount"
    assert refusal(activity, amount=Decimal("0")).field == "amount"


def test_in_kind_support_needs_a_description() -> None:
    error = refusal(make_activity(), kind=SupportKind.IN_KIND, amount=None)
    assert error.field == "in_kind_description"


def test_the_agreement_must_be_pdf_png_or_jpg_by_name_and_content() -> None:
    activity = make_activity()
    word = SimpleUploadedFile("agreement.docx", b"PK\x03\x04")
    assert "PDF, PNG or JPG" in str(refusal(activity, agreement_file=word))
    assert "not really a .pdf" in str(refusal(activity, agreement_file=fake_pdf()))


def test_an_agreement_over_10_mb_is_refused() -> None:
    big = SimpleUploadedFile("agreement.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    assert "at most 10 MB" in str(refusal(make_activity(), agreement_file=big))


def test_other_support_needs_no_agreement() -> None:
    support = other(make_activity())
    assert not support.agreement_file and support.agreement_signed_on is None


def test_recording_the_same_support_twice_keeps_one_record() -> None:
    activity = make_activity()
    first = other(activity)
    assert other(activity) == first
    assert ActivitySupport.objects.count() == 1
    assert LogEntry.objects.filter(action="support.recorded").count() == 1


def test_editing_keeps_the_agreement_on_file_and_logs() -> None:
    support = commercial(make_activity())
    data = SupportInput(
        supporter_type=SupporterType.COMMERCIAL,
        supporter_name="Acme Diagnostics, Inc.",
        kind=SupportKind.IN_KIND,
        in_kind_description="Loaned ultrasound simulators",
        agreement_signed_on=SIGNED,
    )
    edited = edit_support(support, data, by=None)
    assert edited.amount is None and edited.in_kind_description == "Loaned ultrasound simulators"
    assert edited.agreement_file
    assert LogEntry.objects.filter(action="support.edited").exists()


def test_an_edit_can_replace_the_agreement_with_a_png() -> None:
    support = commercial(make_activity())
    data = SupportInput(
        supporter_type=SupporterType.COMMERCIAL,
        supporter_name="Acme Diagnostics, Inc.",
        kind=SupportKind.MONETARY,
        amount=Decimal("6000"),
        agreement_file=agreement_png(),
        agreement_signed_on=SIGNED,
    )
    assert edit_support(support, data, by=None).agreement_file.name.endswith(".png")


def test_an_invalid_edit_changes_nothing() -> None:
    support = other(make_activity())
    data = SupportInput(SupporterType.OTHER, "Meridian Valley Health Foundation", "monetary")
    with pytest.raises(SupportRuleError):
        edit_support(support, data, by=None)
    support.refresh_from_db()
    assert support.amount == Decimal("7500")


def test_deleting_twice_is_harmless_and_logged_once() -> None:
    support = other(make_activity())
    delete_support(support, by=None)
    delete_support(support, by=None)
    assert not ActivitySupport.objects.exists()
    assert LogEntry.objects.filter(action="support.deleted").count() == 1


# ---- the acknowledgment ----------------------------------------------------------------


def test_no_support_reads_exactly_no_commercial_support() -> None:
    assert support_acknowledgment(make_activity()) == [
        "There is no commercial support for this activity."
    ]


def test_other_support_only_still_says_there_is_no_commercial_support() -> None:
    activity = make_activity()
    other(activity)
    assert support_acknowledgment(activity) == [
        "There is no commercial support for this activity.",
        "This activity is offered with support from Meridian Valley Health Foundation.",
    ]


def test_commercial_grant_and_in_kind_are_named_together() -> None:
    activity = make_activity()
    commercial(activity, supporter_name="Acme Diagnostics, Inc.")
    commercial(
        activity,
        supporter_name="Bolt Devices LLC",
        kind=SupportKind.IN_KIND,
        amount=None,
        in_kind_description="Simulation equipment",
        agreement_file=agreement_pdf("bolt.pdf"),
    )
    assert support_acknowledgment(activity) == [
        "This activity is supported by an educational grant from Acme Diagnostics, Inc. "
        "and in-kind support from Bolt Devices LLC."
    ]


def test_several_grants_are_listed_with_and() -> None:
    activity = make_activity()
    for name in ("Cedar Labs", "Acme Diagnostics", "Bolt Devices"):
        commercial(activity, supporter_name=name, agreement_file=agreement_pdf())
    assert support_acknowledgment(activity) == [
        "This activity is supported by an educational grant from Acme Diagnostics, "
        "Bolt Devices, and Cedar Labs."
    ]
