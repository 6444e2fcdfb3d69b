"""Presenting checker findings to people: highlighted text, numbered items, groups.

The checker (services/checker.py) decides *what* to suggest; this module only shapes its
findings for the paste-and-check page, the inline suggestions under text areas, the API
and the CLI. Nothing here builds HTML strings: highlighted text is returned as plain-text
segments that templates escape, so pasted markup can never reach the page as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from equitylens.language.services.checker import Finding
from equitylens.language.services.guide_store import current_checker

MAX_TEXT_CHARS = 50_000
"""The most characters one check takes (page, inline suggestions, API)."""

CATEGORY_LABELS: dict[str, str] = {
    "race_ethnicity": "Race and ethnicity",
    "disability": "Disability",
    "mental_health": "Mental health",
    "substance_use": "Substance use",
    "age": "Age",
    "gender_sexuality": "Gender and sexuality",
    "socioeconomic_housing": "Socioeconomic status and housing",
    "immigration": "Immigration",
    "incarceration": "Incarceration",
    "body_size": "Body size",
    "clinical_documentation": "Clinical documentation",
    "workplace": "General workplace terms",
}

SEVERITY_LABELS: dict[str, str] = {"suggestion": "Suggestion", "caution": "Caution"}


def category_label(category: str) -> str:
    """The reader-facing name of a guide category (the id itself, tidied, if unknown)."""
    return CATEGORY_LABELS.get(category, category.replace("_", " ").capitalize())


def severity_label(severity: str) -> str:
    """The reader-facing name of a severity ("Suggestion", "Caution")."""
    return SEVERITY_LABELS.get(severity, severity.capitalize())


def too_long_message(length: int) -> str:
    """The one wording used everywhere for text over the limit."""
    return (
        f"The text is {length:,} characters long; the checker takes up to "
        f"{MAX_TEXT_CHARS:,} characters at a time. Check it in parts."
    )


@dataclass(frozen=True)
class NumberedFinding:
    """A finding with its position in the list (1-based) and labels for display."""

    number: int
    finding: Finding

    @property
    def text(self) -> str:
        return self.finding.text

    @property
    def entry(self) -> str:
        return self.finding.entry

    @property
    def alternatives(self) -> tuple[str, ...]:
        return self.finding.alternatives

    @property
    def explanation(self) -> str:
        return self.finding.explanation

    @property
    def category_label(self) -> str:
        return category_label(self.finding.category)

    @property
    def severity(self) -> str:
        return self.finding.severity

    @property
    def severity_label(self) -> str:
        return severity_label(self.finding.severity)


@dataclass(frozen=True)
class Segment:
    """A run of the source text; `item` is set when the run is a finding to highlight."""

    text: str
    item: NumberedFinding | None = None


def number_findings(findings: Iterable[Finding]) -> list[NumberedFinding]:
    """Findings in text order, numbered from 1, overlapping ones dropped (the checker
    does not produce overlaps; this keeps the highlighting well-formed if it ever did)."""
    numbered: list[NumberedFinding] = []
    last_end = -1
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if finding.start < last_end:
            continue
        numbered.append(NumberedFinding(number=len(numbered) + 1, finding=finding))
        last_end = finding.end
    return numbered


def segments(text: str, items: Sequence[NumberedFinding]) -> list[Segment]:
    """Split `text` into consecutive segments; joining their `.text` gives `text` back.

    `items` must come from `number_findings` over findings for this same text.
    """
    result: list[Segment] = []
    position = 0
    for item in items:
        start, end = item.finding.start, item.finding.end
        if start > position:
            result.append(Segment(text[position:start]))
        result.append(Segment(text[start:end], item))
        position = end
    if position < len(text):
        result.append(Segment(text[position:]))
    return result


@dataclass
class SuggestionGroup:
    """All findings of one guide entry in a text, for the short inline list."""

    entry: str
    category_label: str
    severity_label: str
    alternatives: tuple[str, ...]
    explanation: str
    forms: list[str] = field(default_factory=list)
    count: int = 0


def group_findings(findings: Iterable[Finding]) -> list[SuggestionGroup]:
    """One group per entry, in order of first appearance, listing each distinct matched
    form once (compared case-insensitively) and counting every occurrence."""
    groups: dict[str, SuggestionGroup] = {}
    seen_forms: dict[str, set[str]] = {}
    for finding in findings:
        group = groups.get(finding.entry)
        if group is None:
            group = groups[finding.entry] = SuggestionGroup(
                entry=finding.entry,
                category_label=category_label(finding.category),
                severity_label=severity_label(finding.severity),
                alternatives=finding.alternatives,
                explanation=finding.explanation,
            )
            seen_forms[finding.entry] = set()
        group.count += 1
        folded = finding.text.casefold()
        if folded not in seen_forms[finding.entry]:
            seen_forms[finding.entry].add(folded)
            group.forms.append(finding.text)
    return list(groups.values())


@dataclass(frozen=True)
class InlineSuggestions:
    """What the inline suggestions under a text area show for one value."""

    groups: list[SuggestionGroup]
    checked_chars: int
    truncated: bool

    @property
    def limit(self) -> str:
        """The character limit, written for people ("50,000")."""
        return f"{MAX_TEXT_CHARS:,}"


def inline_suggestions(text: str) -> InlineSuggestions:
    """Check `text` with the guide in use for the suggestions shown under a text area.

    Only the first MAX_TEXT_CHARS characters are checked (`truncated` says so), so typing
    in a very long field costs no more than one full check.
    """
    head = text[:MAX_TEXT_CHARS]
    groups = group_findings(current_checker().iter_findings(head)) if head.strip() else []
    return InlineSuggestions(
        groups=groups, checked_chars=len(head), truncated=len(text) > MAX_TEXT_CHARS
    )
