"""Loading and validating a guide: every problem is named with its entry, nothing half-loads."""

from __future__ import annotations

import pytest
import yaml

from equitylens.language.services.guide import GuideError, load_guide_text, parse_guide
from tests.language.conftest import SMALL_GUIDE


def small() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(SMALL_GUIDE)


def problems_of(data: dict) -> list[str]:  # type: ignore[type-arg]
    with pytest.raises(GuideError) as error:
        parse_guide(data)
    return error.value.problems


def test_the_small_guide_loads() -> None:
    guide = load_guide_text(SMALL_GUIDE)
    assert guide.by_id["the-homeless"].context[0].rule == "standalone"


def test_unknown_category_is_named_with_the_entry() -> None:
    data = small()
    data["entries"][1]["category"] = "weather"
    [problem] = problems_of(data)
    assert problem.startswith("entry 2 (the-diabetic), category:")


def test_missing_alternatives_and_unknown_rule() -> None:
    data = small()
    del data["entries"][0]["alternatives"]
    data["entries"][2]["context"] = [{"rule": "sometimes"}]
    problems = problems_of(data)
    assert any(p.startswith("entry 1 (the-homeless)") and "alternatives" in p for p in problems)
    assert any(p.startswith("entry 3 (blacklist), context.0") for p in problems)


def test_duplicate_id_unknown_source_and_shared_form() -> None:
    data = small()
    data["entries"][3]["id"] = "blacklist"
    data["entries"][4]["sources"] = ["nowhere"]
    data["entries"][5]["variants"].append("black-list")
    problems = problems_of(data)
    assert "entry 4 (blacklist): the id is already used by entry 3" in problems
    assert "entry 5 (noncompliant): source 'nowhere' is not listed under sources" in problems
    assert any("the form 'black-list' is already matched by blacklist" in p for p in problems)


def test_bad_yaml_names_the_line() -> None:
    with pytest.raises(GuideError) as error:
        load_guide_text("version: 1\nentries: [\n")
    assert error.value.problems[0].startswith("line ")


def test_the_shipped_guide_is_valid_and_large_enough() -> None:
    from equitylens.language.services.guide import default_guide

    guide = default_guide()
    assert len(guide.entries) >= 200
    per_category = {c: 0 for c in guide.categories}
    for entry in guide.entries:
        per_category[entry.category] += 1
        assert entry.sources, entry.id
    assert min(per_category.values()) >= 10, per_category
