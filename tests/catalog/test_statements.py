"""Accreditation and designation statements are generated from data, in ACCME wording."""

from __future__ import annotations

from decimal import Decimal

import pytest

from equitylens.catalog.models import ActivityFormat
from equitylens.catalog.services.statements import (
    accreditation_statement,
    designation_statement,
    format_credit_amount,
)
from tests.factories import make_activity, make_offering, make_organization


@pytest.mark.parametrize(
    ("amount", "printed"),
    [("2", "2.0"), ("2.00", "2.0"), ("0.25", "0.25"), ("1.5", "1.5"), ("1.75", "1.75")],
)
def test_credit_amounts_print_with_at_least_one_decimal(amount: str, printed: str) -> None:
    assert format_credit_amount(Decimal(amount)) == printed


@pytest.mark.django_db
def test_live_activity_is_designated_as_a_live_activity() -> None:
    activity = make_activity(format=ActivityFormat.LIVE_COURSE)
    make_offering(activity, amount="2.00")
    assert designation_statement(activity) == (
        "Lakeshore Medical Society designates this live activity for a maximum of 2.0 "
        "AMA PRA Category 1 Credit(s)™. Physicians should claim only the credit commensurate "
        "with the extent of their participation in the activity."
    )


@pytest.mark.django_db
def test_enduring_material_is_designated_as_enduring_material() -> None:
    activity = make_activity(format=ActivityFormat.ENDURING, duration_minutes=15)
    make_offering(activity, amount="0.25")
    statement = designation_statement(activity) or ""
    assert "designates this enduring material for a maximum of 0.25 AMA PRA" in statement


@pytest.mark.django_db
def test_no_designation_statement_without_ama_credit() -> None:
    activity = make_activity()
    make_offering(activity, credit_type="participation", amount="2.00")
    assert designation_statement(activity) is None


@pytest.mark.django_db
def test_accreditation_statement_names_the_provider() -> None:
    activity = make_activity()
    assert accreditation_statement(activity) == (
        "Lakeshore Medical Society is accredited by the Accreditation Council for Continuing "
        "Medical Education (ACCME) to provide continuing medical education for physicians."
    )


@pytest.mark.django_db
def test_joint_providership_names_both_organizations() -> None:
    partner = make_organization("Northside Community Clinic")
    activity = make_activity(joint_provider=partner)
    statement = accreditation_statement(activity)
    assert "through the joint providership of Lakeshore Medical Society and Northside" in statement
    assert statement.endswith("continuing medical education for physicians.")
