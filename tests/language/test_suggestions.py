"""Shaping findings for people: highlighted segments, numbering, grouping, labels."""

from __future__ import annotations

import pytest

from equitylens.language.services.checker import Checker, Finding
from equitylens.language.services.suggestions import (
    MAX_TEXT_CHARS,
    category_label,
    group_findings,
    inline_suggestions,
    number_findings,
    segments,
    too_long_message,
)


def _finding(start: int, end: int, entry: str = "x", text: str = "t") -> Finding:
    return Finding(start, end, text, entry, "workplace", ("y",), "why", "suggestion")


def test_segments_cover_the_text_in_order_and_mark_each_finding(checker: Checker) -> None:
    text = "The homeless shelter keeps a blacklist; the homeless deserve drug abuse care."
    items = number_findings(checker.check(text))
    parts = segments(text, items)
    assert "".join(part.text for part in parts) == text
    marked = [(part.text, part.item.number) for part in parts if part.item]
    assert marked == [("blacklist", 1), ("homeless", 2), ("drug abuse", 3)]
    # Plain runs between findings are not marked.
    assert parts[0].item is None and parts[0].text.startswith("The homeless shelter")


def test_segments_handle_findings_at_both_ends(checker: Checker) -> None:
    text = "blacklist"
    parts = segments(text, number_findings(checker.check(text)))
    assert [(p.text, p.item is not None) for p in parts] == [("blacklist", True)]


def test_numbering_sorts_by_position_and_drops_overlaps() -> None:
    items = number_findings([_finding(10, 15, "b"), _finding(0, 4, "a"), _finding(12, 20, "c")])
    assert [(i.number, i.entry) for i in items] == [(1, "a"), (2, "b")]


def test_groups_one_per_entry_with_distinct_forms_and_counts(checker: Checker) -> None:
    text = "Blacklist them. The blacklist grows; blacklisted senders. The homeless are waiting."
    groups = group_findings(checker.check(text))
    assert [g.entry for g in groups] == ["blacklist", "the-homeless"]
    blacklist = groups[0]
    assert blacklist.count == 3
    assert blacklist.forms == ["Blacklist", "blacklisted"]  # "blacklist" is "Blacklist" again
    assert blacklist.category_label == "General workplace terms"
    assert blacklist.alternatives == ("blocklist", "denylist")
    assert groups[1].count == 1 and groups[1].severity_label == "Suggestion"


def test_category_labels_are_words_for_people() -> None:
    assert category_label("socioeconomic_housing") == "Socioeconomic status and housing"
    assert category_label("something_new") == "Something new"


def test_the_too_long_message_gives_the_length_and_the_limit() -> None:
    message = too_long_message(MAX_TEXT_CHARS + 1)
    assert "50,001 characters" in message and "up to 50,000" in message


@pytest.mark.django_db
def test_inline_suggestions_check_only_the_first_50000_characters() -> None:
    head = "x " * (MAX_TEXT_CHARS // 2)
    result = inline_suggestions(head + "We keep a blacklist.")
    assert result.truncated and result.checked_chars == MAX_TEXT_CHARS
    assert result.groups == []  # the term is past the limit
    short = inline_suggestions("We keep a blacklist.")
    assert not short.truncated and [g.entry for g in short.groups] == ["blacklist"]
