"""The inclusive-language guide as data: loading, validating and reading it.

A guide is YAML validated by ``data/guide.schema.json`` plus the checks a schema cannot
express (unique entry ids, cited sources exist, no surface form in two entries). Loading
never half-succeeds: a guide with any problem raises GuideError listing every problem
with the entry it is in, so an import in the back office changes nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

DATA = Path(__file__).resolve().parent.parent / "data"
SCHEMA_PATH = DATA / "guide.schema.json"
DEFAULT_GUIDE_PATH = DATA / "default_guide.yaml"

_SEPARATORS = re.compile(r"[\s\-‐‑–—/]+")


class GuideError(ValueError):
    """The guide cannot be used; `problems` lists each one as "where: what"."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:5]) + (" …" if len(problems) > 5 else ""))
        self.problems = problems


@dataclass(frozen=True)
class ContextRule:
    """One rule deciding when a matched term is fine (see the schema for the kinds)."""

    rule: str
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Entry:
    """One guide entry: the forms that are matched and what to say about them."""

    id: str
    category: str
    term: str
    variants: tuple[str, ...]
    alternatives: tuple[str, ...]
    explanation: str
    sources: tuple[str, ...]
    severity: str = "suggestion"
    case_sensitive: bool = False
    context: tuple[ContextRule, ...] = ()

    @property
    def notes(self) -> list[str]:
        """The human-readable remarks (``note`` rules) of the entry."""
        return [rule.text for rule in self.context if rule.rule == "note"]


@dataclass(frozen=True)
class Guide:
    """A whole guide: metadata, sources by id, and entries in file order."""

    version: int
    title: str
    sources: dict[str, dict[str, Any]]
    categories: tuple[str, ...]
    entries: tuple[Entry, ...]
    by_id: dict[str, Entry] = field(default_factory=dict, compare=False)


def variant_key(text: str) -> str:
    """How surface forms are compared: lower case, hyphens/spaces/slashes removed, so
    "non-compliant", "non compliant" and "noncompliant" are the same form."""
    return _SEPARATORS.sub("", text.casefold())


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema every guide must satisfy."""
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def _where(error: jsonschema.ValidationError, data: Any) -> str:
    path = list(error.absolute_path)
    if len(path) >= 2 and path[0] == "entries" and isinstance(path[1], int):
        try:
            entry_id = data["entries"][path[1]].get("id", "?")
        except (KeyError, IndexError, TypeError, AttributeError):
            entry_id = "?"
        rest = ".".join(str(part) for part in path[2:])
        return f"entry {path[1] + 1} ({entry_id})" + (f", {rest}" if rest else "")
    return ".".join(str(part) for part in path) or "guide"


def _entry(raw: dict[str, Any]) -> Entry:
    return Entry(
        id=raw["id"],
        category=raw["category"],
        term=raw["term"],
        variants=tuple(raw["variants"]),
        alternatives=tuple(raw["alternatives"]),
        explanation=raw["explanation"],
        sources=tuple(raw["sources"]),
        severity=raw.get("severity", "suggestion"),
        case_sensitive=bool(raw.get("case_sensitive", False)),
        context=tuple(
            ContextRule(
                rule=rule["rule"],
                words=tuple(rule.get("words", ())),
                phrases=tuple(rule.get("phrases", ())),
                text=rule.get("text", ""),
            )
            for rule in raw.get("context", ())
        ),
    )


def parse_guide(data: Any) -> Guide:
    """Validate already-parsed guide data and build the Guide; raises GuideError."""
    validator = jsonschema.Draft202012Validator(schema())
    problems = [
        f"{_where(error, data)}: {error.message}"
        for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    ]
    if problems:
        raise GuideError(problems)
    seen_ids: dict[str, int] = {}
    seen_forms: dict[tuple[str, bool], str] = {}
    for number, raw in enumerate(data["entries"], start=1):
        where = f"entry {number} ({raw['id']})"
        if raw["id"] in seen_ids:
            problems.append(f"{where}: the id is already used by entry {seen_ids[raw['id']]}")
        seen_ids.setdefault(raw["id"], number)
        if raw["category"] not in data["categories"]:
            problems.append(f"{where}: category {raw['category']!r} is not in categories")
        for source in raw["sources"]:
            if source not in data["sources"]:
                problems.append(f"{where}: source {source!r} is not listed under sources")
        for variant in raw["variants"]:
            key = (variant_key(variant), bool(raw.get("case_sensitive", False)))
            if key in seen_forms and seen_forms[key] != raw["id"]:
                problems.append(
                    f"{where}: the form {variant!r} is already matched by {seen_forms[key]}"
                )
            seen_forms.setdefault(key, raw["id"])
    if problems:
        raise GuideError(problems)
    entries = tuple(_entry(raw) for raw in data["entries"])
    return Guide(
        version=data["version"],
        title=data["title"],
        sources=dict(data["sources"]),
        categories=tuple(data["categories"]),
        entries=entries,
        by_id={entry.id: entry for entry in entries},
    )


def load_guide_text(text: str) -> Guide:
    """Parse YAML text into a validated Guide; raises GuideError (also for bad YAML)."""
    try:
        # The C loader when PyYAML was built with libyaml (about 5x faster), else pure Python.
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
        problem = getattr(error, "problem", None) or str(error)
        raise GuideError([f"{where}: {problem}"]) from error
    if not isinstance(data, dict):
        raise GuideError(["guide: the file must hold a mapping with version, entries, …"])
    return parse_guide(data)


@cache
def default_guide() -> Guide:
    """The guide shipped with Equity Lens (data/default_guide.yaml)."""
    return load_guide_text(DEFAULT_GUIDE_PATH.read_text(encoding="utf-8"))
