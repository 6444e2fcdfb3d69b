"""A ConText-style judgement of one descriptor mention: does it count?

Our own implementation of the ConText idea (Harkema et al. 2009; medspaCy's ConText):
trigger phrases with a direction (before or after the mention) whose scope runs to the
nearest clause boundary or at most `MAX_SCOPE_TOKENS` words; pseudo-triggers ("no
increase", "not only") are blanked first so they trigger nothing. It works only on a small
window around each match, never on the whole note, so a scan stays one regex pass.

A mention is NOT counted when it is:
- a clinical use of the word, by the entry's neighbour words ("psychomotor agitation");
- about someone else ("her son was aggressive"), unless a patient reference ("she",
  "patient") comes between the other person and the descriptor;
- negated ("not agitated", "no signs of aggression", "denies being angry") and the
  category says negation excludes (see descriptors.yaml);
- hypothetical ("if she becomes agitated", "haloperidol prn agitation").
Historical mentions ("history of aggression") still describe the patient and are counted.

Text passed in must already be lowercased (the scanner lowercases each note once).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from equitylens.language.services.audit.lexicon import Category, Descriptor

COUNTED: Final = "counted"
CLINICAL_USE: Final = "clinical_use"
OTHER_EXPERIENCER: Final = "other_experiencer"
NEGATED: Final = "negated"
HYPOTHETICAL: Final = "hypothetical"
EXCLUSION_KINDS: Final = (CLINICAL_USE, OTHER_EXPERIENCER, NEGATED, HYPOTHETICAL)

MAX_SCOPE_TOKENS: Final = 8
POST_SCOPE_TOKENS: Final = 3
_WINDOW_BEFORE: Final = 200
_WINDOW_AFTER: Final = 80

_TERMINATOR = re.compile(
    r"[.;:!?\n\r\u2022]|\b(?:but|however|although|though|yet|except|aside from|apart from"
    r"|whereas|which)\b"
)
_POST_TERMINATOR = re.compile(
    r"[.;!?\n\r\u2022]|\b(?:but|however|although|though|yet|except|whereas|which)\b"
)
_PSEUDO = re.compile(
    r"\b(?:no (?:increase|change|changes|improvement|worsening|decrease|resolution)"
    r"|not (?:only|just|necessarily|always|certain|improved|resolved)"
    r"|whether or not|gram[ -]negative)\b"
)
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|never|without|nor|neither|denies|denied|denying|deny"
    r"|negative for|free of|absence of|absent|no longer|rather than|instead of"
    r"|cannot|\w+n't)\b"
)
_NEGATION_AFTER = re.compile(
    r"\b(?:resolved|ruled out|not present|not observed|not seen|absent|none)\b"
)
_HYPOTHETICAL_BEFORE = re.compile(
    r"\b(?:if|should|in case|in the event|unless|whether|watch for|monitor for|monitoring for"
    r"|risk of|risk for|at risk|may become|could become|might become|may be|could be|might be"
    r"|prn|as needed|to prevent|prevent|avoid|precautions)\b"
)
_OTHER_PERSON_BEFORE = re.compile(
    r"\b(?:family|families|family members?|relatives?|mother|father|mom|dad|sons?"
    r"|daughters?|wife|husband|spouse|partner|brothers?|sisters?|siblings?|parents?"
    r"|boyfriend|girlfriend|fianc[eé]e?|caregivers?|visitors?|roommate|friends?"
    r"|neighbou?rs?|another patient|other patients?|grandmother|grandfather|grandson"
    r"|granddaughter|aunt|uncle|cousin|guardian)\b"
)
_PATIENT_REFERENCE = re.compile(r"\b(?:patient|pt|she|he|the patient)\b")
_WORD = re.compile(r"\w+")


def classify(text: str, start: int, end: int, descriptor: Descriptor, category: Category) -> str:
    """Whether the mention text[start:end] is counted; returns COUNTED or the exclusion kind.

    `text` is the lowercased note; offsets are the match's character offsets in it.
    """
    if _clinical_use(text, start, end, descriptor):
        return CLINICAL_USE
    before = _clause_before(text, start)
    trigger_end = _last_trigger_end(_OTHER_PERSON_BEFORE, before)
    if trigger_end is not None and not _PATIENT_REFERENCE.search(before, trigger_end):
        return OTHER_EXPERIENCER
    if category.negation_excludes and (
        _last_trigger_end(_NEGATION_BEFORE, before) is not None or _negated_after(text, end)
    ):
        return NEGATED
    if _last_trigger_end(_HYPOTHETICAL_BEFORE, before) is not None:
        return HYPOTHETICAL
    return COUNTED


def _clause_before(text: str, start: int) -> str:
    """The words before the mention back to the clause start, pseudo-triggers blanked."""
    window = text[max(0, start - _WINDOW_BEFORE) : start]
    cut = 0
    for match in _TERMINATOR.finditer(window):
        cut = match.end()
    clause = window[cut:]
    return _PSEUDO.sub(lambda m: " " * len(m.group()), clause)


def _last_trigger_end(trigger: re.Pattern[str], before: str) -> int | None:
    """End offset of the last trigger in `before` whose scope reaches the mention."""
    last = None
    for match in trigger.finditer(before):
        last = match
    if last is None:
        return None
    if len(_WORD.findall(before, last.end())) > MAX_SCOPE_TOKENS:
        return None
    return last.end()


def _negated_after(text: str, end: int) -> bool:
    window = text[end : end + _WINDOW_AFTER]
    boundary = _POST_TERMINATOR.search(window)
    clause = window[: boundary.start()] if boundary else window
    match = _NEGATION_AFTER.search(clause)
    return match is not None and len(_WORD.findall(clause, 0, match.start())) <= POST_SCOPE_TOKENS


def _clinical_use(text: str, start: int, end: int, descriptor: Descriptor) -> bool:
    before_re, after_re = _neighbour_patterns(descriptor)
    if before_re is not None and before_re.search(text, max(0, start - 40), start):
        return True
    return after_re is not None and after_re.match(text, end, end + 40) is not None


@cache
def _neighbour_patterns(
    descriptor: Descriptor,
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    before = after = None
    if descriptor.not_preceded_by:
        words = "|".join(re.escape(w) for w in descriptor.not_preceded_by)
        before = re.compile(r"\b(?:" + words + r")[\s\-]*$")
    if descriptor.not_followed_by:
        words = "|".join(re.escape(w) for w in descriptor.not_followed_by)
        after = re.compile(r"[\s\-]*(?:" + words + r")\b")
    return before, after
