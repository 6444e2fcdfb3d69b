"""Scan free text for HIPAA Safe Harbor identifiers before a case is submitted.

``scan_text`` finds single identifiers (names, dates finer than a year, ages over 89, phone and
fax numbers, e-mail, SSN, record numbers, plan/licence/device/vehicle IDs, addresses finer than
a state, URLs, IP addresses, other long numbers). ``scan_combinations`` finds details that
together may re-identify a small group (race/ethnicity + a rare diagnosis or a specific unit +
a date or month). Both are pure functions: no storage, no logging; the intake form shows each
finding highlighted and asks the submitter to fix or confirm it.

The scan is a safety net, not a guarantee: see docs/casereview-identifier-scan.md for the
measured precision/recall and the known misses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from equitylens.casereview.services.identifier_kinds import EXPLANATIONS, Kind
from equitylens.casereview.services.identifier_names import find_names
from equitylens.casereview.services.identifier_patterns import (
    AGE_MEASUREMENT_CONTEXT,
    CITY_CUE,
    NOT_PLACES,
    RECOGNIZERS,
    US_STATES,
)

__all__ = ["Finding", "Kind", "scan_combinations", "scan_text"]


@dataclass(frozen=True)
class Finding:
    """One thing to fix or confirm: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    kind: Kind
    explanation: str
    suggestion: str


def _finding(text: str, start: int, end: int, kind: Kind, explanation: str = "") -> Finding:
    default_explanation, suggestion = EXPLANATIONS[kind]
    return Finding(
        start=start,
        end=end,
        text=text[start:end],
        kind=kind,
        explanation=explanation or default_explanation,
        suggestion=suggestion,
    )


_FAX_CUE = re.compile(r"\bfax", re.IGNORECASE)


def _relabel(text: str, start: int, kind: Kind) -> Kind:
    """A phone number with "fax" shortly before it ("fax the consent to …") is a fax number."""
    if kind is Kind.PHONE and _FAX_CUE.search(text, max(0, start - 40), start):
        return Kind.FAX
    return kind


def _sentence_before(text: str, start: int, width: int = 40) -> str:
    """Up to ``width`` characters before ``start``, cut at the last sentence end."""
    before = text[max(0, start - width) : start]
    cut = max(before.rfind(". "), before.rfind("; "), before.rfind("\n"))
    return before[cut + 1 :] if cut >= 0 else before


def _plausible(text: str, start: int, end: int, kind: Kind) -> bool:
    """Drop shapes that match a pattern but are not identifiers in context."""
    found = text[start:end]
    if kind is Kind.ADDRESS:
        return found not in US_STATES and found not in NOT_PLACES
    if kind is Kind.AGE and found.replace("-", "").isalnum() and " " not in found:
        # A bare number ("was 96", "Lopez, 92,"): not an age after a measurement word.
        return AGE_MEASUREMENT_CONTEXT.search(_sentence_before(text, start)) is None
    return True


def _candidates(text: str) -> list[Finding]:
    found: list[Finding] = []
    for recognizer in RECOGNIZERS:
        for match in recognizer.pattern.finditer(text):
            group = "hit" if "hit" in recognizer.pattern.groupindex else 0
            start, end = match.span(group)
            if end > start and _plausible(text, start, end, recognizer.kind):
                found.append(_finding(text, start, end, _relabel(text, start, recognizer.kind)))
    for match in CITY_CUE.finditer(text):
        place = match.group("hit")
        if place not in US_STATES:
            found.append(_finding(text, match.start("hit"), match.end("hit"), Kind.ADDRESS))
    for start, end in find_names(text):
        found.append(_finding(text, start, end, Kind.NAME))
    return found


def _merge(findings: list[Finding]) -> list[Finding]:
    """Overlapping findings are merged: the longest wins (earlier recognizer on a tie)."""
    chosen: list[Finding] = []
    for finding in sorted(findings, key=lambda f: -(f.end - f.start)):
        if all(finding.end <= c.start or finding.start >= c.end for c in chosen):
            chosen.append(finding)
    return sorted(chosen, key=lambda f: f.start)


def scan_text(text: str) -> list[Finding]:
    """Every likely Safe Harbor identifier in ``text``, in order, without overlaps.

    Offsets are exact character offsets into ``text``. Deliberately not flagged: a year alone
    ("in 2024"), doses ("500 mg"), lab values ("HbA1c 9.2"), ICD codes ("E11.9"), ages up to
    89, clinical scales and clock times ("at 14:00").
    """
    return _merge(_candidates(text))


# --- Combinations ---------------------------------------------------------------------------

_RACE = re.compile(
    r"\b(?:Black|African[- ]American|Latin[oax]|Latine|Hispanic|Asian(?:[- ]American)?|"
    r"Native American|American Indian|Alaska Native|Indigenous|Pacific Islander|"
    r"Native Hawaiian|Somali|Hmong|Navajo|Haitian|Arab|Middle Eastern|Romani|Afghan|"
    r"Marshallese|Karen|Burmese|Eritrean|Ethiopian|Vietnamese|Cambodian)\b"
)
_RARE = re.compile(
    r"(?i:\b(?:rare|sickle cell|cystic fibrosis|ALS|amyotrophic|Huntington'?s?|"
    r"Ehlers[- ]Danlos|Marfan|hemophilia|Tay[- ]Sachs|porphyria|Gaucher|Fabry|"
    r"phenylketonuria|PKU|Wilson'?s disease|myasthenia|scleroderma|sarcoidosis|"
    r"Kawasaki|mesothelioma|orphan disease|one of only))"
)
_UNIT = re.compile(
    r"\b(?:ICU|MICU|SICU|CCU|NICU|PICU|CVICU|(?:[1-9]|1\d)\s?(?:North|South|East|West)\b|"
    r"(?i:burn unit|step-?down unit|dialysis unit|psych(?:iatric)? unit|behavioral health unit|"
    r"labor and delivery|L&D|oncology unit|transplant unit|unit [0-9A-Z]{1,3}\b|"
    r"ward [0-9A-Z]{1,3}\b|floor [0-9]{1,2}\b|[0-9]{1,2}(?:st|nd|rd|th) floor))"
)
_MONTH_WORD = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|last (?:week|month)|this (?:week|month)|over the holidays|on Christmas|"
    r"on Thanksgiving|New Year'?s)\b"
)


def scan_combinations(text: str) -> list[Finding]:
    """A "combination" finding when ``text`` names a race or ethnicity, a rare diagnosis or a
    specific unit/ward, and a date or month.

    Any one of these is usually fine; together they can point to one or two patients (e.g.
    "a Hmong woman with sickle cell disease on 4 West in March"). The finding spans from the
    first to the last of the parts and its explanation names them.
    """
    race = _RACE.search(text)
    rare_or_unit = _RARE.search(text) or _UNIT.search(text)
    when = _MONTH_WORD.search(text)
    if when is None:
        dates = [f for f in scan_text(text) if f.kind is Kind.DATE]
        when_span = (dates[0].start, dates[0].end, dates[0].text) if dates else None
    else:
        when_span = (when.start(), when.end(), when.group(0))
    if race is None or rare_or_unit is None or when_span is None:
        return []
    parts = [
        (race.start(), race.end(), race.group(0)),
        (rare_or_unit.start(), rare_or_unit.end(), rare_or_unit.group(0)),
        when_span,
    ]
    start = min(p[0] for p in parts)
    end = max(p[1] for p in parts)
    named = ", ".join(f"“{p[2]}”" for p in sorted(parts))
    explanation = (
        f"{EXPLANATIONS[Kind.COMBINATION][0]} This text combines {named}: a race or "
        "ethnicity, a rare diagnosis or a specific unit, and a time."
    )
    return [_finding(text, start, end, Kind.COMBINATION, explanation)]
