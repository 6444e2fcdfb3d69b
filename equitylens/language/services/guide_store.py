"""Which guide is in use: the newest saved GuideVersion, or the shipped default.

The compiled Checker is kept per process and rebuilt only when a newer version exists,
so every request costs one indexed query for the version number at most.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from equitylens.language.models import GuideVersion
from equitylens.language.services.checker import Checker, default_checker
from equitylens.language.services.guide import DEFAULT_GUIDE_PATH, Guide, load_guide_text

_lock = threading.Lock()
_cached: dict[str, Any] = {"key": None, "checker": None}


def current_number() -> int | None:
    """The number of the guide version in use (None: the shipped default)."""
    number: int | None = GuideVersion.objects.aggregate(top=Max("number"))["top"]
    return number


def _version_key() -> tuple[int, str] | None:
    """(number, saved-at) of the newest version: the number alone is not enough, since
    rolled-back test transactions (or a restored database) can reuse it."""
    row = GuideVersion.objects.order_by("-number").values_list("number", "created_at").first()
    return None if row is None else (row[0], row[1].isoformat())


def current_checker() -> Checker:
    """The checker for the guide in use (rebuilt when a new version was saved)."""
    key = _version_key()
    with _lock:
        if _cached.get("checker") is not None and _cached.get("key") == key:
            checker: Checker = _cached["checker"]
            return checker
    if key is None:
        checker = default_checker()
    else:
        version = GuideVersion.objects.get(number=key[0])
        checker = Checker(load_guide_text(version.yaml_text))
    with _lock:
        _cached["key"], _cached["checker"] = key, checker
    return checker


def forget_cached_checker() -> None:
    """Drop this process's compiled checker (tests, or after restoring a database)."""
    with _lock:
        _cached["key"], _cached["checker"] = None, None


def current_guide() -> Guide:
    """The guide in use."""
    return current_checker().guide


def current_yaml() -> str:
    """The YAML text of the guide in use (what an export downloads)."""
    version = GuideVersion.objects.order_by("-number").first()
    if version is None:
        return DEFAULT_GUIDE_PATH.read_text(encoding="utf-8")
    return version.yaml_text


def save_version(yaml_text: str, note: str, by: Any) -> GuideVersion:
    """Validate `yaml_text` (raises GuideError, nothing saved) and save it as the next
    version, which is then in use. Two saves at once get consecutive numbers."""
    guide = load_guide_text(yaml_text)
    for _ in range(5):
        try:
            with transaction.atomic():
                number = (current_number() or 0) + 1
                return GuideVersion.objects.create(
                    number=number,
                    yaml_text=yaml_text,
                    entries=len(guide.entries),
                    note=note.strip()[:300],
                    created_by=by if getattr(by, "is_authenticated", False) else None,
                )
        except IntegrityError:
            continue  # another save took the number; take the next one
    raise RuntimeError("Could not save the guide version; try again.")
