"""The negative patient descriptor lexicon: loading, validating and compiling it.

The lexicon is ``data/descriptors.yaml`` validated by ``data/descriptors.schema.json`` plus
the cross-checks a schema cannot express. All forms compile into ONE regular expression
built as a prefix tree, so a scan makes a single pass over each note whatever the size of
the lexicon.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import jsonschema
import yaml

DATA = Path(__file__).resolve().parent.parent.parent / "data"
LEXICON_PATH = DATA / "descriptors.yaml"
SCHEMA_PATH = DATA / "descriptors.schema.json"

# A space or hyphen inside a form matches a space, a hyphen or nothing.
_SEP = "\x00"
_SEP_PATTERN = r"[\s\-]*"


class LexiconError(ValueError):
    """The lexicon cannot be used; `problems` lists each one as "where: what"."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Category:
    """A descriptor category and whether a negated mention stays uncounted."""

    id: str
    label: str
    description: str
    negation_excludes: bool


@dataclass(frozen=True)
class Descriptor:
    """One lexicon entry: its forms and the words next to it that make it a clinical use."""

    id: str
    category: str
    forms: tuple[str, ...]
    sources: tuple[str, ...]
    not_preceded_by: tuple[str, ...] = ()
    not_followed_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """The whole lexicon plus the compiled matcher (`pattern`, on lowercased text)."""

    version: int
    title: str
    sources: dict[str, dict[str, Any]]
    categories: dict[str, Category]
    descriptors: tuple[Descriptor, ...]
    form_to_descriptor: dict[str, Descriptor]  # keyed by form_key()

    @cached_property
    def pattern_source(self) -> str:
        """The combined regular expression over every form (lowercase, RE2-compatible)."""
        return _combined_pattern(tuple(f for d in self.descriptors for f in d.forms))

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """`pattern_source` compiled, for lowercased text."""
        return re.compile(self.pattern_source)

    @cached_property
    def by_id(self) -> dict[str, Descriptor]:
        """Descriptors by id."""
        return {d.id: d for d in self.descriptors}

    def descriptor_for(self, matched: str) -> Descriptor:
        """The descriptor whose form produced `matched` (lowercased match text)."""
        return self.form_to_descriptor[form_key(matched)]


def form_key(text: str) -> str:
    """How a matched surface form is looked up: lowercase, spaces and hyphens removed."""
    return re.sub(r"[\s\-]+", "", text.lower())


def parse_lexicon(text: str) -> Lexicon:
    """Parse and validate lexicon YAML; raise LexiconError listing every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise LexiconError([f"YAML: {exc}"]) from exc
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    problems = [
        f"{'/'.join(str(p) for p in err.absolute_path) or '(top)'}: {err.message}"
        for err in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    ]
    if problems:
        raise LexiconError(problems)
    categories = {
        c["id"]: Category(c["id"], c["label"], c["description"], c["negation_excludes"])
        for c in data["categories"]
    }
    seen_ids: set[str] = set()
    form_to_descriptor: dict[str, Descriptor] = {}
    descriptors = []
    for index, raw in enumerate(data["entries"]):
        where = f"entries/{index} ({raw['id']})"
        if raw["id"] in seen_ids:
            problems.append(f"{where}: id is used by an earlier entry")
        seen_ids.add(raw["id"])
        if raw["category"] not in categories:
            problems.append(f"{where}: category {raw['category']!r} is not in categories")
        for source in raw["sources"]:
            if source not in data["sources"]:
                problems.append(f"{where}: source {source!r} is not in sources")
        descriptor = Descriptor(
            id=raw["id"],
            category=raw["category"],
            forms=tuple(raw["forms"]),
            sources=tuple(raw["sources"]),
            not_preceded_by=tuple(raw.get("not_preceded_by", ())),
            not_followed_by=tuple(raw.get("not_followed_by", ())),
        )
        for form in descriptor.forms:
            key = form_key(form)
            if key in form_to_descriptor:
                other = form_to_descriptor[key].id
                problems.append(f"{where}: form {form!r} is also a form of {other!r}")
            form_to_descriptor[key] = descriptor
        descriptors.append(descriptor)
    if problems:
        raise LexiconError(problems)
    return Lexicon(
        version=data["version"],
        title=data["title"],
        sources=data["sources"],
        categories=categories,
        descriptors=tuple(descriptors),
        form_to_descriptor=form_to_descriptor,
    )


@cache
def default_lexicon() -> Lexicon:
    """The shipped lexicon (validated once per process)."""
    return parse_lexicon(LEXICON_PATH.read_text(encoding="utf-8"))


@cache
def _combined_pattern(forms: tuple[str, ...]) -> str:
    """One alternation over all forms, factored as a prefix tree for speed."""
    trie: dict[str, Any] = {}
    for form in forms:
        node = trie
        for char in re.sub(r"[\s\-]+", _SEP, form):
            node = node.setdefault(char, {})
        node[""] = {}
    return r"\b" + _trie_regex(trie) + r"\b"


def _trie_regex(node: dict[str, Any]) -> str:
    branches = []
    terminal = "" in node
    # Longer continuations first so that the longest form wins at a position.
    for char in sorted((c for c in node if c), key=lambda c: (c == _SEP, c)):
        piece = _SEP_PATTERN if char == _SEP else re.escape(char)
        branches.append(piece + _trie_regex(node[char]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if terminal:
        return "(?:" + body + ")?"
    return body
