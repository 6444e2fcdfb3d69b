"""Demo data: attendance codes (fictional, written by us).

- A session code for the "Seeing Patients" workshop, valid from its start date, so a
  coordinator can open "Show to the room".
- A personal code imported from Riverbend Health's LMS for Priya Patel on the short
  video course, so entering it at /claim/ shows the LMS path (enrollment created with
  the course marked complete).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from equitylens.learning.models import AttendanceCode, CodeKind
from equitylens.learning.services.code_import import import_lms_codes
from equitylens.learning.services.codes import create_session_code

WORKSHOP = "seeing-patients-video-series-workshop"
SESSION_LABEL = "Lakeshore Medical Society, demo session"
VIDEO_COURSE = "advancing-health-equity-video-course"
LMS_CSV = "email,code\npriya.patel@riverbendhealth.example,RVBHEQ\n"


def load_codes(activities: dict[str, Any], coordinator: Any) -> None:
    """Create or refresh the demo codes; idempotent."""
    workshop = activities.get(WORKSHOP)
    if workshop is not None and workshop.starts_on:
        starts_at = timezone.make_aware(datetime.combine(workshop.starts_on, time(9, 0)))
        existing = AttendanceCode.objects.filter(
            activity=workshop, kind=CodeKind.SESSION, label=SESSION_LABEL
        ).first()
        if existing is None:
            create_session_code(workshop, label=SESSION_LABEL, starts_at=starts_at, by=coordinator)
        elif existing.valid_from != starts_at:
            # The demo workshop's date moves with today; keep its code in step.
            existing.valid_from = starts_at
            existing.valid_until = starts_at + timedelta(days=workshop.attendance_code_days)
            existing.save(update_fields=["valid_from", "valid_until"])
    course = activities.get(VIDEO_COURSE)
    if course is not None:
        import_lms_codes(course, LMS_CSV, by=coordinator)
