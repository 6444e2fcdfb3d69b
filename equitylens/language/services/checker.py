"""The one inclusive-language checker used everywhere text is written in Equity Lens.

``Checker(guide).check(text)`` returns findings with character offsets into `text`, the
matched text, the entry id, category, alternatives and explanation. Matching is one
compiled regular expression built as a trie of every surface form in the guide
(case-insensitive; between the words of a phrase a hyphen, space, slash or nothing are
the same, and a one-word form also matches when a hyphen splits it: "black-list"), so
the cost is one pass over the text however large the guide is. Each match is then
checked against its entry's context rules, which are evaluated, not just displayed:

- ``standalone``: flagged only when used as a noun for people — after a determiner or at
  the start of a sentence, and not followed by another content word ("the homeless"
  flagged, "homeless shelter" not).
- ``unless_followed_by`` / ``only_when_followed_by`` / ``unless_preceded_by`` /
  ``only_when_preceded_by``: the neighbouring words decide ("diabetic foot ulcer").
- ``except_in``: not flagged inside one of the listed phrases ("black box warning").
- ``quoted_ok``: not flagged inside quotation marks (quoting someone).

Nothing is reported inside URLs, e-mail addresses or code (`inline`, fenced blocks).
Findings are suggestions; nothing in the product blocks text because of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SEPARATOR_CLASS = r"[\s\-‐‑–—/]*"
_WORD_HYPHEN = r"[\-‐‑]?"
_SPLIT = re.compile(r"[\s\-‐‑–—/]+")
_SENTENCE_END = re.compile(r"[.!?;:\n•]")
_CLAUSE_BREAK = re.compile(r"[.!?;:,()\[\]{}\n•\"“”]")
_EXCLUDED = re.compile(
    r"```.*?(?:```|\Z)"  # fenced code
    r"|`[^`\n]*`"  # inline code
    r"|<code\b.*?</code>"
    r"|\b(?:https?|ftp)://[^\s<>\"]+"
    r"|\bwww\.[^\s<>\"]+"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.DOTALL | re.IGNORECASE,
)

DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "these",
        "those",
        "many",
        "some",
        "our",
        "their",
        "all",
        "most",
        "such",
        "more",
        "fewer",
        "several",
    ]
)
# Words that may follow a noun use without making the match an adjective
# ("the homeless are", "the elderly who", "care for the poor and").
FUNCTION_WORDS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "who",
        "whom",
        "whose",
        "that",
        "which",
        "and",
        "or",
        "but",
        "nor",
        "in",
        "of",
        "to",
        "for",
        "from",
        "with",
        "without",
        "at",
        "on",
        "by",
        "as",
        "than",
        "into",
        "onto",
        "about",
        "among",
        "across",
        "against",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "can",
        "could",
        "will",
        "would",
        "shall",
        "should",
        "may",
        "might",
        "must",
        "need",
        "needs",
        "often",
        "also",
        "still",
        "too",
        "face",
        "faces",
        "faced",
        "deserve",
        "deserves",
        "get",
        "gets",
        "got",
        "remain",
        "remains",
        "living",
        "live",
        "lives",
        "themselves",
        "here",
        "there",
    ]
)
_LOOKAROUND = 80


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


def _atoms(variant: str) -> list[str]:
    """A surface form as trie atoms: lower-case characters, with "" for a separator."""
    atoms: list[str] = []
    for index, part in enumerate(_SPLIT.split(variant.strip().casefold())):
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
    return [match.group().casefold() for match in _WORD.finditer(text)]


def _phrase_words(phrases: tuple[str, ...]) -> list[list[str]]:
    return [_words(phrase) for phrase in phrases]


@dataclass
class _Context:
    """The words around one match, computed lazily once per match."""

    text: str
    start: int
    end: int
    _before: list[str] | None = None
    _after: list[str] | None = None
    _sentence_start: bool = False
    _clause_end: bool = False

    def before(self) -> list[str]:
        if self._before is None:
            window = self.text[max(0, self.start - _LOOKAROUND) : self.start]
            matches = list(_WORD.finditer(window))
            self._before = [m.group().casefold() for m in matches]
            tail = window[matches[-1].end() :] if matches else window
            self._sentence_start = not matches or bool(_SENTENCE_END.search(tail))
            if matches and self._sentence_start:
                self._before = []
        return self._before

    def after(self) -> list[str]:
        if self._after is None:
            window = self.text[self.end : self.end + _LOOKAROUND]
            matches = list(_WORD.finditer(window))
            head = window[: matches[0].start()] if matches else window
            self._clause_end = not matches or bool(_CLAUSE_BREAK.search(head))
            self._after = [] if self._clause_end else [m.group().casefold() for m in matches]
        return self._after

    def at_sentence_start(self) -> bool:
        self.before()
        return self._sentence_start

    def followed_by(self, phrases: list[list[str]]) -> bool:
        after = self.after()
        return any(phrase and after[: len(phrase)] == phrase for phrase in phrases)

    def preceded_by(self, phrases: list[list[str]]) -> bool:
        before = self.before()
        return any(phrase and before[-len(phrase) :] == phrase for phrase in phrases)


class _CompiledEntry:
    """An entry with its rules prepared for fast evaluation."""

    def __init__(self, entry: Entry) -> None:
        self.entry = entry
        self.rules: list[tuple[str, Any]] = []
        for rule in entry.context:
            self.rules.append((rule.rule, self._prepare(rule)))
        self.case_forms = {_SPLIT.sub("", variant) for variant in entry.variants}

    @staticmethod
    def _prepare(rule: ContextRule) -> Any:
        if rule.rule == "except_in":
            return [
                re.compile(
                    _SEPARATOR_CLASS.join(re.escape(w) for w in _SPLIT.split(p.strip())),
                    re.IGNORECASE,
                )
                for p in rule.phrases
            ]
        if rule.rule in (
            "unless_followed_by",
            "only_when_followed_by",
            "unless_preceded_by",
            "only_when_preceded_by",
        ):
            return _phrase_words(rule.words)
        return None

    def allows(self, text: str, start: int, end: int) -> bool:
        """True when the context rules say this match should be reported."""
        if self.entry.case_sensitive and _SPLIT.sub("", text[start:end]) not in self.case_forms:
            return False
        context = _Context(text, start, end)
        return not any(
            _blocks(kind, prepared, context, text, start, end) for kind, prepared in self.rules
        )


def _blocks(kind: str, prepared: Any, context: _Context, text: str, start: int, end: int) -> bool:
    """True when the rule `kind` says this match is fine (not to be reported)."""
    if kind == "standalone":
        before = context.before()
        noun_use = context.at_sentence_start() or (bool(before) and before[-1] in DETERMINERS)
        after = context.after()
        return not noun_use or bool(after and after[0] not in FUNCTION_WORDS)
    if kind in ("unless_followed_by", "only_when_followed_by"):
        return context.followed_by(prepared) == (kind == "unless_followed_by")
    if kind in ("unless_preceded_by", "only_when_preceded_by"):
        return context.preceded_by(prepared) == (kind == "unless_preceded_by")
    if kind == "except_in":
        return _inside_phrase(text, start, end, prepared)
    if kind == "quoted_ok":
        return _inside_quotes(text, start)
    return False  # "note" rules are for people, not for matching


def _inside_phrase(text: str, start: int, end: int, patterns: list[re.Pattern[str]]) -> bool:
    for pattern in patterns:
        window_start = max(0, start - 60)
        for match in pattern.finditer(text, window_start, min(len(text), end + 60)):
            if match.start() <= start and match.end() >= end:
                return True
    return False


def _inside_quotes(text: str, start: int) -> bool:
    paragraph_start = text.rfind("\n\n", 0, start) + 1
    before = text[paragraph_start:start]
    if before.count("“") > before.count("”"):
        return True
    return before.count('"') % 2 == 1


def _excluded_spans(text: str) -> list[tuple[int, int]]:
    if not any(marker in text for marker in ("`", "://", "www.", "@", "<code")):
        return []
    return [(m.start(), m.end()) for m in _EXCLUDED.finditer(text)]


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
        self._pattern = re.compile(
            r"\b" + _trie_pattern(variants) + r"\b", re.IGNORECASE | re.UNICODE
        )

    def iter_findings(self, text: str) -> Iterator[Finding]:
        """Findings in text order (lazily)."""
        excluded = _excluded_spans(text)
        for match in self._pattern.finditer(text):
            start, end = match.span()
            if excluded and any(s < end and start < e for s, e in excluded):
                continue
            for candidate in self._by_key.get(variant_key(match.group()), ()):
                if candidate.allows(text, start, end):
                    entry = candidate.entry
                    yield Finding(
                        start=start,
                        end=end,
                        text=match.group(),
                        entry=entry.id,
                        category=entry.category,
                        alternatives=entry.alternatives,
                        explanation=entry.explanation,
                        severity=entry.severity,
                    )
                    break

    def check(self, text: str) -> list[Finding]:
        """Every finding in `text`, in order of position."""
        return list(self.iter_findings(text))


@cache
def default_checker() -> Checker:
    """The checker for the guide shipped with Equity Lens."""
    return Checker(default_guide())
