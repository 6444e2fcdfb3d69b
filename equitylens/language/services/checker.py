"""The one inclusive-language checker used everywhere text is written in Equity Lens.

``Checker(guide).check(text)`` returns findings with character offsets into `text`, the
matched text, the entry id, category, alternatives and explanation. Matching is one regular
expression, a trie of every surface form in the guide, run once over the lower-cased text:
between the words of a phrase a hyphen, space, slash or nothing are the same, and a hyphen
may split a one-word form ("black-list"). Each match is then checked against its entry's
context rules, which are evaluated, not just displayed: ``standalone`` (an adjective used
as a noun for people: "the homeless need housing", not "the homeless shelter"),
``unless/only_when_followed_by`` and ``unless/only_when_preceded_by`` (neighbouring words,
compared with hyphens and spaces ignored), ``except_in`` (inside a listed phrase) and
``quoted_ok`` (inside a quotation attributed to someone: `she said "…"`; a word quoted as
a word is still flagged). Nothing is reported inside URLs, e-mail addresses or code.
docs/language-checker.md explains the rules with examples and gives the speed figures.
Findings are suggestions; nothing in the product blocks text because of them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

from equitylens.language.services.guide import (
    ContextRule,
    Entry,
    Guide,
    default_guide,
    variant_key,
)

_PLAIN_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_SEPARATOR_CLASS = r"[\s\-‐‑–—/]*"
_WORD_HYPHEN = r"[\-‐‑]?"
_SPLIT = re.compile(r"[\s\-‐‑–—/]+")
_SENTENCE_END = re.compile(r"[.!?;:\n•]")
_CLAUSE_BREAK = re.compile(r"[.!?;:,()\[\]{}\n•\"“”]")
# Searched in the lower-cased text. Each pattern starts with a literal, which lets the
# regex engine jump from one "`", "<code", "://", "www." or "@" to the next.
_EXCLUSIONS = (
    re.compile(r"```.*?(?:```|\Z)", re.DOTALL),
    re.compile(r"`[^`\n]*`"),
    re.compile(r"<code\b.*?</code>", re.DOTALL),
    re.compile(r"www\.[^\s<>\"]+"),
)
_URL_REST = re.compile(r"://[^\s<>\"]+")
_SCHEMES = ("https", "http", "ftp")
_EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)+")
_EMAIL_LOCAL = re.compile(r"[\w.+-]+$")
_SPEECH = re.compile(
    r"\b(?:says?|said|saying|states?|stated|stating|tells?|told|asks?|asked|"
    r"repl(?:y|ies|ied)|explain(?:s|ed)?|reports?|reported|recall(?:s|ed)?|add(?:s|ed)|"
    r"shout(?:s|ed)|yell(?:s|ed)|scream(?:s|ed)|quote[sd]?|verbatim|"
    r"(?:describ|call)(?:es|ed|e|s)? (?:herself|himself|themselves|themself|myself)(?: as)?|"
    r"in (?:his|her|their|my|the patient's) (?:own )?words)\b"
)
_LOOKAROUND = 32
_QUOTE_WINDOW = 1000


def _word_set(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


DETERMINERS = _word_set("the a an these those many some our their all most such more fewer several")
# After "the/a … <adjective>", a word from these lists shows that the adjective is used
# as a noun for people: a verb, an adverb, a preposition or conjunction, a relative
# pronoun ("the homeless need", "the poor rarely", "the disabled cannot", "a
# schizophrenic off his meds", "the elderly who"). Any other word is read as the noun the
# adjective describes ("the homeless shelter", "the poor prognosis"), which is fine.
# Verbs that are also common nouns after these adjectives (care, pay, sleep, support,
# benefit, experience, report, help, work, account, take, show) are left out on purpose,
# and a verb followed by "of" is read as a noun ("a poor use of time").
_VERBS = sorted(
    _word_set(
        "need deserve face get remain live use tend fill lack rely depend receive seek want",
        "suffer struggle die become stay wait include represent make go come",
    )
)
FUNCTION_WORDS = (
    _word_set(
        "is are was were be been being am who whom whose that which and or but nor in of to "
        "for from with without at on as than into onto about among across against have "
        "has had do does did can could will would shall should may might must cannot can't "
        "don't doesn't didn't won't wouldn't shouldn't couldn't aren't isn't wasn't weren't "
        "haven't hasn't hadn't mustn't needs often also still too themselves here there "
        "off during after before under over through throughout like unlike via within "
        "around near behind beyond despite because since until while when where whether if "
        "although though so yet not per toward towards upon amid along outside inside "
        "versus vs alike alone together rarely usually typically frequently generally "
        "mostly largely already always never seldom sometimes commonly routinely "
        "regularly historically traditionally just even really actually probably possibly "
        "likely simply clearly then now today again",
        "relies goes got became made went came sought relied",  # irregular forms
    )
    | frozenset(_VERBS)
    | {verb + "s" for verb in _VERBS}
    | {verb + ("d" if verb.endswith("e") else "ed") for verb in _VERBS}
)
# Words ending in -ly that are not adverbs (so they may well be the noun or adjective
# that follows: "the poor family", "the disabled elderly").
_LY_NOT_ADVERBS = _word_set(
    "family ally supply assembly rally belly bully jelly lily italy july early daily weekly",
    "monthly quarterly yearly hourly nightly elderly friendly lonely lovely ugly costly",
    "deadly timely orderly only holy silly sickly burly surly jolly homely lively",
)


_VERB_FORMS = FUNCTION_WORDS.intersection(
    _VERBS + [verb + "s" for verb in _VERBS] + ["needs", "face", "faces", "remains"]
)


def _ends_noun_phrase(after: list[str]) -> bool:
    """True when the words `after` an adjective show it is used as a noun for people."""
    word = after[0]
    if word in _VERB_FORMS and after[1:2] == ["of"]:
        return False  # "a poor use of time", "the homeless needs of the city"
    if word in FUNCTION_WORDS:
        return True
    return len(word) > 4 and word.endswith("ly") and word not in _LY_NOT_ADVERBS


@dataclass(frozen=True)
class Finding:
    """One suggestion: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    entry: str
    category: str
    alternatives: tuple[str, ...]
    explanation: str
    severity: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (alternatives as a list)."""
        data = asdict(self)
        data["alternatives"] = list(self.alternatives)
        return data


def _finding(start: int, end: int, text: str, fields: dict[str, Any]) -> Finding:
    """Finding(...) without the frozen dataclass's field-by-field __init__ (a hot path:
    it halves the cost of a finding). The fields are the same, in the same order."""
    finding = object.__new__(Finding)
    object.__setattr__(finding, "__dict__", {"start": start, "end": end, "text": text, **fields})
    return finding


def _atoms(variant: str) -> list[str]:
    """A surface form as trie atoms: lower-case characters, with "" for a separator."""
    atoms: list[str] = []
    for index, part in enumerate(_SPLIT.split(variant.strip().lower())):
        if index:
            atoms.append("")
        atoms.extend(part)
    return atoms


def _trie_pattern(variants: list[str]) -> str:
    """One regex alternation shaped as a trie (shared prefixes tested once)."""
    trie: dict[str, Any] = {}
    for variant in variants:
        node = trie
        for atom in _atoms(variant):
            node = node.setdefault(atom, {})
        node["END"] = True

    def build(node: dict[str, Any]) -> str:
        branches = []
        for atom in sorted((key for key in node if key != "END"), key=lambda a: (a == "", a)):
            child = node[atom]
            if atom == "":
                head = _SEPARATOR_CLASS
            elif any(key not in ("", "END") for key in child):
                # A hyphen may split a written-together word: "black-list", "non-compliance".
                head = re.escape(atom) + _WORD_HYPHEN
            else:
                head = re.escape(atom)
            branches.append(head + build(child))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Longer forms first: the rest is optional only where a form ends here.
        return f"(?:{body})?" if "END" in node else body

    return build(trie)


def _words(text: str) -> list[str]:
    """The words of `text`, lower-cased, with typographic apostrophes made plain."""
    text = text.lower()
    return _PLAIN_WORD.findall(text.replace("’", "'") if "’" in text else text)


@dataclass(frozen=True)
class _Phrases:
    """Context words of a rule, compared with hyphens and spaces ignored."""

    keys: frozenset[str]
    span: int  # how many text words to join at most

    @classmethod
    def of(cls, phrases: tuple[str, ...]) -> _Phrases:
        words = [_words(phrase) for phrase in phrases]
        keys = frozenset("".join(w) for w in words if w)
        return cls(keys, max((len(w) for w in words), default=1) + 2)

    def starts(self, words: list[str]) -> bool:
        joined = ""
        for word in words[: self.span]:
            joined += word
            if joined in self.keys:
                return True
        return False

    def ends(self, words: list[str]) -> bool:
        joined = ""
        for word in reversed(words[-self.span :]):
            joined = word + joined
            if joined in self.keys:
                return True
        return False


class _Context:
    """The words around one match, computed lazily once per match."""

    __slots__ = ("_after", "_before", "_sentence_start", "end", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self._before: list[str] | None = None
        self._after: list[str] | None = None
        self._sentence_start = False

    def before(self) -> list[str]:
        if self._before is None:
            window = self.text[max(0, self.start - _LOOKAROUND) : self.start]
            cut = len(window)
            while cut and not window[cut - 1].isalnum():
                cut -= 1
            self._sentence_start = not cut or bool(_SENTENCE_END.search(window, cut))
            self._before = [] if self._sentence_start else _words(window[:cut])
        return self._before

    def after(self) -> list[str]:
        """The following words of the same clause ([] when punctuation comes first)."""
        if self._after is None:
            window = self.text[self.end : self.end + _LOOKAROUND]
            cut, size = 0, len(window)
            while cut < size and not window[cut].isalnum():
                cut += 1
            clause_end = cut == size or bool(_CLAUSE_BREAK.search(window, 0, cut))
            self._after = [] if clause_end else _words(window[cut:])
        return self._after

    def at_sentence_start(self) -> bool:
        self.before()
        return self._sentence_start


_Rule = Callable[["_Context"], bool]  # True when the rule says the match is fine
_COST = {"standalone": 1, "except_in": 2, "quoted_ok": 3}  # cheap rules are tried first


def _standalone(context: _Context) -> bool:
    before = context.before()
    noun_use = context.at_sentence_start() or (bool(before) and before[-1] in DETERMINERS)
    if not noun_use:
        return True
    after = context.after()
    return bool(after) and not _ends_noun_phrase(after)


def _rule(rule: ContextRule) -> _Rule | None:
    """The rule as a function of the match's context (None for display-only notes)."""
    kind = rule.rule
    if kind == "standalone":
        return _standalone
    if kind in ("unless_followed_by", "only_when_followed_by"):
        following, unless = _Phrases.of(rule.words), kind == "unless_followed_by"
        return lambda context: following.starts(context.after()) == unless
    if kind in ("unless_preceded_by", "only_when_preceded_by"):
        preceding, unless = _Phrases.of(rule.words), kind == "unless_preceded_by"
        return lambda context: preceding.ends(context.before()) == unless
    if kind == "except_in":
        phrases = re.compile(
            "|".join(
                _SEPARATOR_CLASS.join(re.escape(w) for w in _SPLIT.split(p.strip()))
                for p in rule.phrases
            ),
            re.IGNORECASE,
        )
        return lambda context: _inside_phrase(context, phrases)
    if kind == "quoted_ok":
        return lambda context: _inside_attributed_quote(context.text, context.start, context.end)
    return None


class _CompiledEntry:
    """An entry with its rules prepared for fast evaluation."""

    def __init__(self, entry: Entry) -> None:
        self.entry = entry
        ordered = sorted(entry.context, key=lambda rule: _COST.get(rule.rule, 0))
        self.rules = [fn for fn in map(_rule, ordered) if fn is not None]
        self.case_forms = {_SPLIT.sub("", variant) for variant in entry.variants}
        self.unconditional = not self.rules and not entry.case_sensitive
        self.fields = {
            "entry": entry.id,
            "category": entry.category,
            "alternatives": entry.alternatives,
            "explanation": entry.explanation,
            "severity": entry.severity,
        }

    def allows(self, text: str, start: int, end: int) -> bool:
        """True when the context rules say this match should be reported (all rules are
        evaluated; any one of them may say the match is fine)."""
        if self.entry.case_sensitive and _SPLIT.sub("", text[start:end]) not in self.case_forms:
            return False
        if self.rules:
            context = _Context(text, start, end)
            for fine in self.rules:
                if fine(context):
                    return False
        return True


def _inside_phrase(context: _Context, phrases: re.Pattern[str]) -> bool:
    start, end = context.start, context.end
    window_start = max(0, start - 60)
    window_end = min(len(context.text), end + 60)
    for match in phrases.finditer(context.text, window_start, window_end):
        if match.start() <= start and match.end() >= end:
            return True
    return False


def _inside_attributed_quote(text: str, start: int, end: int) -> bool:
    """True inside quotation marks that report someone's words: a speech verb comes
    before the opening mark in the same sentence ('Patient said "…"') or right after the
    closing one ('"…," she said'). Bounded windows keep this linear in the text."""
    low = max(0, start - _QUOTE_WINDOW)
    paragraph_start = text.rfind("\n\n", low, start)
    if paragraph_start < 0 and low:  # start at a line, never inside a pair of quotes
        paragraph_start = text.find("\n", low, start)
    before = text[low if paragraph_start < 0 else paragraph_start : start]
    if before.count("“") > before.count("”"):
        opening, closing = before.rfind("“"), "”"
    elif before.count('"') % 2 == 1:
        opening, closing = before.rfind('"'), '"'
    else:
        return False
    lead = before[:opening]
    sentence = max(lead.rfind("."), lead.rfind("!"), lead.rfind("?"), lead.rfind("\n"))
    if _SPEECH.search(lead[sentence + 1 :].lower()):
        return True
    close = text.find(closing, end, end + _QUOTE_WINDOW)
    return close >= 0 and bool(_SPEECH.search(text[close + 1 : close + 40].lower()))


def _excluded_spans(low: str) -> list[tuple[int, int]]:
    """Code, URLs and e-mail addresses in the (lower-cased) text, sorted by start."""
    spans: list[tuple[int, int]] = []
    for marker, pattern in zip(("`", "`", "<code", "www."), _EXCLUSIONS, strict=True):
        if marker in low:
            spans.extend(
                m.span()
                for m in pattern.finditer(low)
                if marker != "www." or m.start() == 0 or not low[m.start() - 1].isalnum()
            )
    if "://" in low:
        for match in _URL_REST.finditer(low):
            for scheme in _SCHEMES:
                start = match.start() - len(scheme)
                if start >= 0 and low.startswith(scheme, start):
                    if start and low[start - 1].isalnum():
                        continue
                    spans.append((start, match.end()))
                    break
    if "@" in low:
        for match in _EMAIL_DOMAIN.finditer(low):
            local = _EMAIL_LOCAL.search(low, max(0, match.start() - 64), match.start())
            if local:
                spans.append((local.start(), match.end()))
    spans.sort()
    return spans


def _overlaps(spans: list[tuple[int, int]], ends: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of `spans` (sorted, with running max ends)."""
    index = bisect_right(spans, (end,)) - 1  # last span starting before `end`
    return index >= 0 and ends[index] > start


class Checker:
    """A compiled guide. Build once (it is immutable), call `check` many times."""

    def __init__(self, guide: Guide) -> None:
        self.guide = guide
        self._by_key: dict[str, list[_CompiledEntry]] = {}
        variants: list[str] = []
        for entry in guide.entries:
            compiled = _CompiledEntry(entry)
            for variant in entry.variants:
                self._by_key.setdefault(variant_key(variant), []).append(compiled)
                variants.append(variant)
        for candidates in self._by_key.values():
            # Case-sensitive entries are the more specific reading of a form.
            candidates.sort(key=lambda c: not c.entry.case_sensitive)
        trie = _trie_pattern(variants)
        # Every form must start a word, so the expression opens with the non-word
        # character before it (the text is searched with one space put in front). A
        # pattern that opens with a character class lets the regex engine skip ahead in C
        # to the next non-word character; the trie is then tried only where a word starts.
        # The text is lower-cased first: faster than IGNORECASE.
        self._pattern = re.compile(r"[^\w]" + trie + r"(?!\w)")
        self._forms: dict[str, list[_CompiledEntry]] = {}

    def _candidates(self, matched: str) -> list[_CompiledEntry]:
        found = self._forms.get(matched)
        if found is None:
            found = self._by_key.get(variant_key(matched), [])
            if len(self._forms) < 50_000:
                self._forms[matched] = found
        return found

    def iter_findings(self, text: str) -> Iterator[Finding]:
        """Findings in text order (lazily)."""
        low = text.lower()
        if len(low) != len(text):  # "İ" and a few others grow: keep them, so offsets agree
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        excluded = _excluded_spans(low)
        running_ends: list[int] = []
        for _, span_end in excluded:
            running_ends.append(max(span_end, running_ends[-1] if running_ends else 0))
        forms, candidates_of = self._forms, self._candidates
        for match in self._pattern.finditer(" " + low):
            # Offsets in the text: the match began one character early, at the non-word
            # character, and the searched string has one extra character in front.
            start, end = match.start(), match.end() - 1
            if excluded and _overlaps(excluded, running_ends, start, end):
                continue
            form = low[start:end]
            for candidate in forms.get(form) or candidates_of(form):
                if candidate.unconditional or candidate.allows(text, start, end):
                    yield _finding(start, end, text[start:end], candidate.fields)
                    break

    def check(self, text: str) -> list[Finding]:
        """Every finding in `text`, in order of position."""
        return list(self.iter_findings(text))


@cache
def default_checker() -> Checker:
    """The checker for the guide shipped with Equity Lens."""
    return Checker(default_guide())
