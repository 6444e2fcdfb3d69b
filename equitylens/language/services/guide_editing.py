"""Editing the guide in the back office: one entry at a time, whole-guide imports,
restoring an old version, and reading the guide in plain words.

Every change builds the complete new guide YAML and goes through ``save_version``, so
the schema and the semantic checks decide; a change that would leave the guide as it
is saves nothing (a double submit is harmless). An entry edit keeps the file as it was
written (comments, order, formatting) and only rewrites the lines of that entry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from django.db import transaction
from yaml.nodes import MappingNode, Node, SequenceNode

from equitylens.audit.services import log_action
from equitylens.language.models import GuideVersion
from equitylens.language.services.guide import (
    ContextRule,
    Entry,
    Guide,
    GuideError,
    load_guide_text,
    variant_key,
)
from equitylens.language.services.guide_store import (
    current_guide,
    current_number,
    current_yaml,
    save_version,
)

CATEGORY_LABELS: dict[str, str] = {
    "race_ethnicity": "Race and ethnicity",
    "disability": "Disability",
    "mental_health": "Mental health",
    "substance_use": "Substance use",
    "age": "Age",
    "gender_sexuality": "Gender and sexuality",
    "socioeconomic_housing": "Income, class and housing",
    "immigration": "Immigration",
    "incarceration": "Incarceration",
    "body_size": "Body size",
    "clinical_documentation": "Clinical documentation",
    "workplace": "Workplace terms",
}

RULE_LABELS: dict[str, str] = {
    "standalone": "Flag only when used as a noun for people",
    "unless_followed_by": "Fine when followed by …",
    "unless_preceded_by": "Fine when preceded by …",
    "only_when_followed_by": "Flag only when followed by …",
    "only_when_preceded_by": "Flag only when preceded by …",
    "except_in": "Fine inside these phrases …",
    "quoted_ok": "Fine inside quotation marks",
    "note": "A note for the reader",
}
WORD_RULES = frozenset(
    ["unless_followed_by", "unless_preceded_by", "only_when_followed_by", "only_when_preceded_by"]
)
MAX_IMPORT_BYTES = 2 * 1024 * 1024
_PROBLEM = re.compile(r"^entry (\d+) \(([^)]*)\)(?:, ([^:]+))?: (.*)$")
_MATCHED_BY = re.compile(r"^the form (.+) is already matched by (\S+)$")
ENTRY_KEYS = ("id", "category", "term", "variants", "alternatives", "explanation", "sources")


class StaleGuideError(Exception):
    """The guide changed after the form was opened; the message says by whom."""


@dataclass(frozen=True)
class SaveOutcome:
    """What a save did: the new version, or None when the guide would not change."""

    version: GuideVersion | None

    @property
    def changed(self) -> bool:
        return self.version is not None


@dataclass(frozen=True)
class VersionDiff:
    """Entries added, removed and changed (by id) between two versions."""

    added: list[str]
    removed: list[str]
    changed: list[str]


def category_label(category: str) -> str:
    """The category in plain words ("socioeconomic_housing" → "Income, class and housing")."""
    return CATEGORY_LABELS.get(category, category.replace("_", " ").capitalize())


def _listed(items: tuple[str, ...], limit: int = 8) -> str:
    shown = ", ".join(items[:limit])
    return shown + ("…" if len(items) > limit else "")


def fine_when(rule: ContextRule, entry: Entry | None = None) -> str | None:
    """When a matched term is fine, in plain words, for one context rule (None for notes)."""
    if rule.rule == "standalone":
        form = entry.variants[0] if entry is not None else "homeless"
        example = "homeless shelter" if form == "homeless" else f"{form} …"
        return (
            f"Fine as an adjective before a noun: “{example}”; "
            f"flagged when it stands for people: “the {form}”."
        )
    if rule.rule == "unless_followed_by":
        return f"Fine before: {_listed(rule.words)}"
    if rule.rule == "unless_preceded_by":
        return f"Fine after: {_listed(rule.words)}"
    if rule.rule == "only_when_followed_by":
        return f"Fine unless followed by: {_listed(rule.words)}"
    if rule.rule == "only_when_preceded_by":
        return f"Fine unless preceded by: {_listed(rule.words)}"
    if rule.rule == "except_in":
        return f"Fine in: {_listed(rule.phrases)}"
    if rule.rule == "quoted_ok":
        return "Fine inside quotation marks, when quoting someone’s own words."
    return None


def search_entries(guide: Guide, query: str = "", category: str = "") -> list[Entry]:
    """Entries whose term, variants, alternatives or explanation contain `query` (any
    case; hyphens and spaces ignored for forms), optionally in one category."""
    needle, key = query.strip().casefold(), variant_key(query.strip())
    found = []
    for entry in guide.entries:
        if category and entry.category != category:
            continue
        if needle:
            texts = (entry.term, entry.explanation, *entry.alternatives, *entry.variants)
            if not any(needle in text.casefold() for text in texts) and not (
                key and any(key in variant_key(form) for form in (entry.term, *entry.variants))
            ):
                continue
        found.append(entry)
    return found


def entry_data(entry: Entry) -> dict[str, Any]:
    """The entry as guide-file data, keys in the file's order."""
    data: dict[str, Any] = {key: getattr(entry, key) for key in ENTRY_KEYS}
    data = {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}
    data["severity"] = entry.severity
    if entry.case_sensitive:
        data["case_sensitive"] = True
    if entry.context:
        data["context"] = [
            {"rule": r.rule}
            | ({"words": list(r.words)} if r.words else {})
            | ({"phrases": list(r.phrases)} if r.phrases else {})
            | ({"text": r.text} if r.text else {})
            for r in entry.context
        ]
    return data


# --- writing YAML that keeps the file as it was written -------------------------------

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_ ()-]*[A-Za-z0-9)]|[a-z0-9]")
_QUOTED = frozenset(["variants", "alternatives", "explanation", "words", "phrases", "text"])
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_WORDS = frozenset(["null", "true", "false", "yes", "no", "on", "off", "y", "n"])


def _scalar(value: Any, quoted: bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if not quoted and _PLAIN.fullmatch(text) and text.casefold() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(value: Any, key: str = "") -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item, key) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v, k)}" for k, v in value.items()) + "}"
    return _scalar(value, quoted=key in _QUOTED)


def render_entry(data: dict[str, Any], indent: int) -> str:
    """One entry in the default guide's style; the first line has no indentation."""
    pad = " " * indent
    lines = []
    for key, value in data.items():
        if key == "context":
            lines.append(f"{pad}context:")
            lines += [f"{pad}  - {_flow(rule)}" for rule in value]
        else:
            lines.append(f"{pad}{key}: {_flow(value, key)}")
    return "\n".join(lines)[indent:]


def _entries_node(text: str) -> SequenceNode:
    root = yaml.compose(text, Loader=_LOADER)
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if key.value == "entries" and isinstance(value, SequenceNode):
                return value
    raise ValueError("no entries list")


def _content_end(node: Node) -> int:
    # Block collections end where the next token starts (after comments and blank
    # lines); the last scalar or flow collection inside ends where the entry's text does.
    while isinstance(node, MappingNode | SequenceNode) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return int(node.end_mark.index)


def _edited_text(text: str, position: int, new: dict[str, Any] | None, replace: bool) -> str:
    items = _entries_node(text).value
    if replace:
        item = items[position]
        start, end = item.start_mark.index, _content_end(item)
        if new is not None:
            return text[:start] + render_entry(new, item.start_mark.column) + text[end:]
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        return text[:line_start] + (text[line_end + 1 :] if line_end >= 0 else "")
    assert new is not None
    after = items[position - 1]
    end, column = _content_end(after), after.start_mark.column
    block = "\n" + " " * (column - 2) + "- " + render_entry(new, column)
    return text[:end] + block + text[end:]


def build_guide_yaml(base_yaml: str, new: dict[str, Any] | None, *, original_id: str | None) -> str:
    """The whole guide with one entry replaced (`original_id`), added (`original_id` None)
    or removed (`new` None). New entries go after the last entry of their category.
    Comments and formatting are kept; if the file's layout defeats that, the guide is
    written out whole instead. The result is not validated here."""
    data = yaml.load(base_yaml, Loader=_LOADER)  # noqa: S506 (a safe loader)
    entries: list[dict[str, Any]] = list(data.get("entries") or [])
    ids = [raw.get("id") if isinstance(raw, dict) else None for raw in entries]
    if original_id is not None:
        position, replace = ids.index(original_id), True
        entries[position : position + 1] = [new] if new is not None else []
    else:
        assert new is not None
        same = [i for i, raw in enumerate(entries) if raw.get("category") == new["category"]]
        position, replace = (same[-1] if same else len(entries) - 1) + 1, False
        entries.insert(position, new)
    expected = {**data, "entries": entries}
    try:
        text = _edited_text(base_yaml, position, new, replace)
        if yaml.load(text, Loader=_LOADER) == expected:  # noqa: S506 (a safe loader)
            return text
    except (yaml.YAMLError, ValueError, IndexError):
        pass
    return yaml.safe_dump(expected, sort_keys=False, allow_unicode=True, width=4096)


# --- saving ---------------------------------------------------------------------------


def _version_by(number: int) -> str:
    version = GuideVersion.objects.select_related("created_by").get(number=number)
    user = version.created_by
    return (user.get_full_name() or user.email) if user is not None else "the system"


def _save(yaml_text: str, note: str, by: Any, based_on: int | None = None) -> SaveOutcome:
    guide = load_guide_text(yaml_text)  # GuideError: nothing saved
    with transaction.atomic():
        number = current_number() or 0
        if guide == current_guide():
            return SaveOutcome(None)
        if based_on is not None and based_on != number:
            raise StaleGuideError(
                "The guide changed since you opened this form "
                f"(version {number} by {_version_by(number)}); reload the page "
                "and make your change again."
            )
        version = save_version(yaml_text, note, by)
        log_action(by, "language.guide_saved", version, note=version.note, entries=version.entries)
    return SaveOutcome(version)


def save_entry(
    new: dict[str, Any] | None, *, original_id: str | None, note: str, by: Any, based_on: int
) -> SaveOutcome:
    """Save the guide with one entry added, replaced or removed (`new` None) as a new
    version. Raises GuideError (every problem; nothing saved) and StaleGuideError when
    `based_on` is not the version in use (0 = the shipped default). Saving what is
    already the guide saves nothing (the outcome's version is None)."""
    text = build_guide_yaml(current_yaml(), new, original_id=original_id)
    return _save(text, note, by, based_on=based_on)


def import_guide(yaml_text: str, filename: str, by: Any) -> SaveOutcome:
    """Replace the whole guide with `yaml_text`, all or nothing (GuideError lists every
    problem). The version's note is "Imported from <filename>"."""
    return _save(yaml_text, f"Imported from {filename}", by)


def read_upload(name: str, size: int, read: Callable[[], bytes]) -> str:
    """The text of an uploaded guide file; ValueError says what is wrong with it
    (not .yaml/.yml, over MAX_IMPORT_BYTES, not UTF-8)."""
    if not name.lower().endswith((".yaml", ".yml")):
        raise ValueError(f"“{name}” is not a .yaml or .yml file.")
    if size > MAX_IMPORT_BYTES:
        raise ValueError(f"“{name}” is {size / 1048576:.1f} MB; the limit is 2 MB.")
    raw = read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"“{name}” is not UTF-8 text (byte {error.start + 1}).") from error


def problems_for_entry(problems: list[str], entry_id: str) -> list[tuple[str | None, str]]:
    """GuideError problems as (form field or None, message) for the form editing
    `entry_id`: a problem about that entry goes to its field ("variants" for a form
    matched by two entries, from either side); any other problem to the whole form."""
    placed: list[tuple[str | None, str]] = []
    for problem in problems:
        match = _PROBLEM.match(problem)
        if match is None:
            placed.append((None, problem))
            continue
        where_id, path, message = match[2], (match[3] or "").split(".")[0], match[4]
        clash = _MATCHED_BY.match(message)
        if where_id != entry_id:
            if clash and clash[2] == entry_id:
                placed.append(("variants", f"the form {clash[1]} is already matched by {where_id}"))
            else:
                placed.append((None, problem))
            continue
        if clash:
            path = "variants"
        elif message.startswith("the id is already"):
            path = "id"
        elif message.startswith("category"):
            path = "category"
        elif message.startswith("source"):
            path = "sources"
        elif path == "context":
            message = f"Context rules: {message}"
        placed.append((path or None, message))
    return placed


def restore_version(number: int, by: Any) -> SaveOutcome:
    """Save a copy of version `number` as the newest version ("Restored version N").
    Raises GuideVersion.DoesNotExist for an unknown number."""
    old = GuideVersion.objects.get(number=number)
    return _save(old.yaml_text, f"Restored version {number}", by)


def version_diff(old_yaml: str | None, new_yaml: str) -> VersionDiff:
    """Which entries (by id) a version added, removed or changed against `old_yaml`
    (None: compared with nothing, so every entry is added)."""
    new = {e.id: e for e in load_guide_text(new_yaml).entries}
    old = {e.id: e for e in load_guide_text(old_yaml).entries} if old_yaml else {}
    return VersionDiff(
        added=[i for i in new if i not in old],
        removed=[i for i in old if i not in new],
        changed=[i for i in new if i in old and new[i] != old[i]],
    )


__all__ = ["GuideError", "SaveOutcome", "StaleGuideError", "VersionDiff"]
