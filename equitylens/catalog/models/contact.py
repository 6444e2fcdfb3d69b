"""Messages sent through an activity's "contact the coordinator" form."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ContactMessage(models.Model):
    """A question about an activity, stored and e-mailed to its contact person."""

    activity = models.ForeignKey(
        "catalog.Activity", on_delete=models.CASCADE, related_name="contact_messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=120)
    email = models.EmailField()
    message = models.TextField(max_length=5000)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} about {self.activity}"
