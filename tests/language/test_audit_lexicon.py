"""The descriptor lexicon: it validates, cites sources, and compiles to one matcher."""

from __future__ import annotations

import pytest
import yaml

from equitylens.language.services.audit.lexicon import (
    LEXICON_PATH,
    LexiconError,
    default_lexicon,
    parse_lexicon,
)


def shipped() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))


def problems_of(data: dict) -> list[str]:  # type: ignore[type-arg]
    with pytest.raises(LexiconError) as error:
        parse_lexicon(yaml.safe_dump(data))
    return error.value.problems


def matches(text: str) -> list[tuple[str, str]]:
    lexicon = default_lexicon()
    return [
        (m.group(), lexicon.descriptor_for(m.group()).id) for m in lexicon.pattern.finditer(text)
    ]


def test_the_shipped_lexicon_validates_and_covers_the_five_categories() -> None:
    lexicon = default_lexicon()
    assert set(lexicon.categories) == {
        "questioning-credibility",
        "disapproval",
        "stereotyping",
        "difficult-patient",
        "unilateral-decisions",
    }
    used = {d.category for d in lexicon.descriptors}
    assert used == set(lexicon.categories)
    assert all(d.sources for d in lexicon.descriptors)
    cited = {s for d in lexicon.descriptors for s in d.sources}
    assert cited == {"sun2022", "park2021", "himmelstein2022", "nida-words-matter"}


def test_bare_denies_is_not_a_descriptor_but_adamant_denial_is() -> None:
    assert matches("patient denies chest pain") == []
    assert matches("patient adamantly denies drinking") == [
        ("adamantly denies", "adamantly-denies")
    ]


def test_hyphen_space_and_closed_spellings_all_match() -> None:
    found = matches("non-compliant, non compliant, noncompliant; drug seeking and drug-seeking")
    assert [d for _, d in found] == ["noncompliant"] * 3 + ["drug-seeking"] * 2


def test_the_longest_form_at_a_position_wins() -> None:
    assert matches("a known drug abuser") == [("drug abuser", "abuser")]
    assert matches("he will not be allowed to leave") == [("will not be allowed", "not-allowed")]


def test_whole_words_only() -> None:
    assert matches("the ruder the angrier; an addiction clinic; claimsman") == []


def test_a_form_in_two_entries_is_named() -> None:
    data = shipped()
    data["entries"][1]["forms"].append("claims")
    problems = problems_of(data)
    assert problems == ["entries/1 (insists): form 'claims' is also a form of 'claims'"]


def test_an_uncited_source_and_unknown_category_are_named() -> None:
    data = shipped()
    data["entries"][0]["sources"] = ["nowhere"]
    data["entries"][2]["category"] = "weather"
    problems = problems_of(data)
    assert "entries/0 (claims): source 'nowhere' is not in sources" in problems
    assert "entries/2 (reportedly): category 'weather' is not in categories" in problems


def test_schema_errors_name_the_field() -> None:
    data = shipped()
    del data["entries"][0]["forms"]
    [problem] = problems_of(data)
    assert problem.startswith("entries/0:") and "'forms' is a required property" in problem
