"""The shipped state requirement dataset, its loader, and the coordinator's screens."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from equitylens.accounts.services.profiles import US_STATES
from equitylens.licensure.models import StateRequirement
from equitylens.licensure.services.requirements import (
    DEFAULT_DATASET,
    RequirementError,
    RequirementInput,
    load_state_requirements,
    read_dataset,
    save_requirement,
)
from tests.factories import make_coordinator, make_learner


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---- the dataset -----------------------------------------------------------------------


def test_every_shipped_row_has_state_positive_hours_and_cycle_and_a_source() -> None:
    rows = read_dataset()
    assert len(rows) >= 5
    for row in rows:
        assert row.state in US_STATES
        assert row.hours_required > 0 and row.cycle_years > 0
        assert row.source_url.startswith("https://")
        assert "Verify before relying on it; last reviewed" in row.description
        assert row.accepted_credit_types


def test_the_dataset_has_one_row_per_state_and_profession() -> None:
    keys = [(row.state, row.profession) for row in read_dataset()]
    assert len(keys) == len(set(keys))


def test_michigan_asks_physicians_for_one_hour_per_year_of_a_three_year_cycle() -> None:
    michigan = {row.profession: row for row in read_dataset() if row.state == "MI"}
    assert michigan["physician"].hours_required == Decimal(3)
    assert michigan["physician"].cycle_years == 3


# ---- loading -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_loading_twice_changes_nothing() -> None:
    first = load_state_requirements()
    assert first.created == len(read_dataset()) and first.updated == 0
    second = load_state_requirements()
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert StateRequirement.objects.count() == first.created


@pytest.mark.django_db
def test_loading_updates_a_changed_row_and_keeps_rows_not_in_the_file(tmp_path: Path) -> None:
    load_state_requirements()
    extra = StateRequirement.objects.create(
        state="NV",
        profession="physician",
        hours_required=Decimal(2),
        cycle_years=2,
        description="Added by a coordinator.",
        source_url="https://example.gov/nv",
        last_reviewed_on=date(2026, 1, 1),
    )
    data = json.loads(DEFAULT_DATASET.read_text())
    data["requirements"][0]["hours_required"] = "4"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data))
    result = load_state_requirements(changed)
    assert result.updated == 1
    first = data["requirements"][0]
    row = StateRequirement.objects.get(state=first["state"], profession=first["profession"])
    assert row.hours_required == Decimal(4)
    assert StateRequirement.objects.filter(pk=extra.pk).exists()


@pytest.mark.django_db
def test_a_file_with_a_bad_row_loads_nothing(tmp_path: Path) -> None:
    data = json.loads(DEFAULT_DATASET.read_text())
    data["requirements"][1]["hours_required"] = "0"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(RequirementError, match="Row 2"):
        load_state_requirements(bad)
    assert not StateRequirement.objects.exists()


@pytest.mark.django_db
def test_the_command_loads_and_reports(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_state_requirements")
    assert "added" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_state_requirements", "--file", "/nonexistent.json")


# ---- saving a row --------------------------------------------------------------------------


def _row(**overrides: Any) -> RequirementInput:
    values: dict[str, Any] = {
        "state": "NV",
        "profession": "physician",
        "hours_required": Decimal(2),
        "cycle_years": 2,
        "description": "Two hours of cultural competency.",
        "source_url": "https://example.gov/nv",
        "accepted_credit_types": ("ama_pra_1",),
        "last_reviewed_on": date(2026, 11, 1),
    }
    values.update(overrides)
    return RequirementInput(**values)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"state": "ZZ"}, "state"),
        ({"profession": "wizard"}, "profession"),
        ({"hours_required": Decimal(0)}, "hours_required"),
        ({"cycle_years": 0}, "cycle_years"),
        ({"source_url": "not a link"}, "source_url"),
        ({"accepted_credit_types": ()}, "accepted_credit_types"),
        ({"description": " "}, "description"),
    ],
)
def test_a_bad_row_is_refused_naming_the_field(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(RequirementError) as caught:
        save_requirement(_row(**overrides), by=None)
    assert caught.value.field == field
    assert not StateRequirement.objects.exists()


@pytest.mark.django_db
def test_a_second_row_for_the_same_state_and_profession_is_refused() -> None:
    save_requirement(_row(), by=None)
    with pytest.raises(RequirementError, match="already has a row"):
        save_requirement(_row(hours_required=Decimal(3)), by=None)


# ---- the coordinator's screens ---------------------------------------------------------------


@pytest.mark.django_db
def test_learners_cannot_open_the_requirement_screens() -> None:
    client = signed_in(make_learner())
    assert client.get(reverse("coordinator:licensure")).status_code == 403
    assert client.post(reverse("coordinator:licensure_new"), {}).status_code == 403


@pytest.mark.django_db
def test_the_coordinator_lists_adds_and_edits_rows() -> None:
    load_state_requirements()
    client = signed_in(make_coordinator())
    html = client.get(reverse("coordinator:licensure")).content.decode()
    assert "Michigan (MI)" in html and "Verify a row with the state board" in html
    form = {
        "state": "NV",
        "profession": "physician",
        "hours_required": "2",
        "cycle_years": "2",
        "description": "Two hours of cultural competency each renewal.",
        "source_url": "https://example.gov/nv",
        "accepted_credit_types": ["ama_pra_1"],
        "last_reviewed_on": "2026-11-01",
    }
    response = client.post(reverse("coordinator:licensure_new"), form, follow=True)
    assert "Saved the requirement for NV (physician)." in response.content.decode()
    row = StateRequirement.objects.get(state="NV")
    form["hours_required"] = "2.5"
    client.post(reverse("coordinator:licensure_edit", kwargs={"pk": row.pk}), form)
    row.refresh_from_db()
    assert row.hours_required == Decimal("2.5")


@pytest.mark.django_db
def test_bad_input_on_the_form_is_explained_and_saves_nothing() -> None:
    client = signed_in(make_coordinator())
    response = client.post(
        reverse("coordinator:licensure_new"),
        {"state": "NV", "profession": "physician", "hours_required": "0", "cycle_years": "2",
         "description": "x", "source_url": "https://example.gov", "accepted_credit_types": ["ama_pra_1"],
         "last_reviewed_on": "2026-11-01"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Hours required: enter a number of hours greater than 0" in response.content.decode()
    assert not StateRequirement.objects.exists()
