"""The append-only access log of the case-review module."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AccessAction(models.TextChoices):
    VIEW = "view", "Viewed"
    EDIT = "edit", "Changed"
    EXPORT = "export", "Exported"
    PRINT = "print", "Printed"


class AccessOutcome(models.TextChoices):
    ALLOWED = "allowed", "Allowed"
    DENIED = "denied", "Denied"


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an access log entry."""


class CaseAccessQuerySet(models.QuerySet["CaseAccess"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The case access log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The case access log is append-only.")


class CaseAccess(models.Model):
    """One attempt to view, edit, export or print something in the module, allowed or not.

    Rows are never changed or deleted (enforced here and by database triggers, see the
    migration). Ids are stored as plain integers, not foreign keys, so purging a case
    keeps the log of who saw it.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    organization_id = models.PositiveIntegerField(null=True, blank=True)
    series_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    case_id = models.PositiveIntegerField(null=True, blank=True)
    case_number = models.PositiveIntegerField(null=True, blank=True)
    action = models.CharField(max_length=10, choices=AccessAction.choices)
    outcome = models.CharField(max_length=10, choices=AccessOutcome.choices)
    view_name = models.CharField(max_length=100)
    path = models.CharField(max_length=500)
    method = models.CharField(max_length=10)
    client_address = models.CharField(max_length=64, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = CaseAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.outcome} {self.path}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("The case access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The case access log is append-only.")
