"""The checker: matching (case, punctuation, inflections, hyphenation, phrases) and
every kind of context rule, on a small guide written for these tests."""

from __future__ import annotations

import pytest

from equitylens.language.services.checker import Checker


def spans(checker: Checker, text: str) -> list[tuple[str, str]]:
    return [(f.text, f.entry) for f in checker.check(text)]


def test_offsets_point_at_the_matched_text(checker: Checker) -> None:
    text = "We keep a blacklist of senders."
    [finding] = checker.check(text)
    assert text[finding.start : finding.end] == "blacklist" == finding.text
    assert finding.entry == "blacklist"
    assert finding.category == "workplace"
    assert finding.alternatives == ("blocklist", "denylist")
    assert "black" in finding.explanation


@pytest.mark.parametrize(
    "text",
    [
        "BLACKLIST the domain.",
        "Blacklisted senders get nothing.",
        "The blacklists are merged nightly.",
        "(blacklisting) is off.",
        "black-list",
        "black‐list",
    ],
)
def test_case_inflections_punctuation_and_hyphenation(checker: Checker, text: str) -> None:
    assert [entry for _, entry in spans(checker, text)] == ["blacklist"]


@pytest.mark.parametrize(
    "text", ["He was noncompliant.", "non compliant", "Non-compliant with insulin", "noncompliance"]
)
def test_hyphen_space_and_joined_forms_are_the_same(checker: Checker, text: str) -> None:
    assert [entry for _, entry in spans(checker, text)] == ["noncompliant"]


def test_words_inside_longer_words_are_not_matched(checker: Checker) -> None:
    assert spans(checker, "Slavery history; enslaved people; blacklistings? no: unblacklist") == []


def test_a_space_does_not_split_a_one_word_form(checker: Checker) -> None:
    # "in valid" must never read as "invalid": spaced forms are listed as variants.
    assert spans(checker, "a black list of names") == []


def test_multi_word_phrases_and_the_longest_form(checker: Checker) -> None:
    assert spans(checker, "drug abusers and drug abuse") == [
        ("drug abusers", "drug-abuser"),
        ("drug abuse", "drug-abuser"),
    ]
    assert spans(checker, "a master/slave setup") == [("master/slave", "master-slave")]
    assert spans(checker, "a master's degree") == []


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Services for the homeless are full.", True),
        ("We fed the homeless.", True),
        ("Homeless are often ignored.", True),
        ("The homeless shelter opened.", False),
        ("homeless services", False),
        ("A homeless man was admitted.", False),
        ("She has been homeless since 2022.", False),
    ],
)
def test_standalone_rule(checker: Checker, text: str, flagged: bool) -> None:
    assert bool(spans(checker, text)) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("The diabetic in bed 4 needs insulin.", True),
        ("He is a diabetic.", True),
        ("a diabetic foot ulcer", False),
        ("the diabetic diet", False),
        ("diabetic ketoacidosis", False),
        ("Diabetic patients were screened.", False),  # not after a determiner
    ],
)
def test_followed_and_preceded_rules(checker: Checker, text: str, flagged: bool) -> None:
    assert bool(spans(checker, text)) is flagged


def test_except_in_rule(checker: Checker) -> None:
    assert spans(checker, "He is the black sheep of the team.") == [("black sheep", "black-sheep")]
    assert spans(checker, "We visited a black sheep farm.") == []


def test_quoted_ok_rule(checker: Checker) -> None:
    assert spans(checker, 'Patient said "I was a drug abuser for years."') == []
    assert spans(checker, "Patient said “drug abuse ruined my twenties”.") == []
    assert spans(checker, "History of drug abuse.") == [("drug abuse", "drug-abuser")]


def test_case_sensitive_entry(checker: Checker) -> None:
    assert spans(checker, "Blacks were excluded.") == [("Blacks", "blacks-noun")]
    assert spans(checker, "The blacks of the painting.") == []


def test_no_findings_inside_urls_emails_or_code(checker: Checker) -> None:
    text = (
        "See https://example.org/blacklist and www.example.org/slave, mail "
        "blacklist@example.org, run `blacklist --add` and\n```\nslave = True\n```\n"
        "but the blacklist itself is flagged."
    )
    found = checker.check(text)
    assert [(f.text, text[f.start : f.end]) for f in found] == [("blacklist", "blacklist")]
    assert found[0].start == text.rindex("blacklist")


def test_every_finding_is_json_ready(checker: Checker) -> None:
    [finding] = checker.check("illegals")
    data = finding.as_dict()
    assert data["alternatives"] == ["undocumented immigrants"]
    assert set(data) >= {"start", "end", "text", "entry", "category", "alternatives"}


def test_notes_are_displayed_not_evaluated(small_guide) -> None:  # type: ignore[no-untyped-def]
    entry = small_guide.by_id["blacks-noun"]
    assert entry.notes == [
        "Capitalize Black as an adjective for people; do not use it as a plural noun."
    ]
