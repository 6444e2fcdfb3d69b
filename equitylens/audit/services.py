"""Recording actions in the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import models

from equitylens.audit.models import LogEntry


def log_action(actor: Any, action: str, obj: models.Model, **data: Any) -> LogEntry:
    """Record that `actor` (a user or None for the system) did `action` to `obj`.

    `action` is a dotted name such as ``activity.opened``; `data` is a small
    JSON-serialisable payload. Call it inside the same transaction as the change
    so the record and the change land together or not at all.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    return LogEntry.objects.create(
        actor=user,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        data=data,
    )


def entries_for(obj: models.Model) -> models.QuerySet[LogEntry]:
    """The audit entries about one object, newest first."""
    return LogEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
