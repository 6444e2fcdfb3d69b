"""Forms of the booking screens. Rules live in bookings.services; these only parse."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from equitylens.bookings.services.times import TIME_ZONE_CHOICES, zone
from equitylens.catalog.models import Activity


class WallClockField(forms.DateTimeField):
    """A date and time as typed (datetime-local), without a time zone yet.

    The form attaches the time zone the person chose, so 10:00 means 10:00 there.
    """

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value: Any) -> datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        try:
            return datetime.fromisoformat(str(value).strip()).replace(tzinfo=None)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def slot_field(position: int) -> WallClockField:
    return WallClockField(
        required=False,
        label=f"Preferred date and time {position}",
        help_text="First choice; required." if position == 1 else "Optional.",
        error_messages={"invalid": "Enter a date and time, e.g. 2026-03-12 14:00."},
    )


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        hours = obj.duration_minutes / 60
        length = f"{hours:g} hour{'s' if hours != 1 else ''}"
        return f"{obj.title} ({length}, {obj.get_format_display().split(' (')[0].lower()})"


class BookingRequestForm(forms.Form):
    activity = ActivityChoiceField(
        queryset=Activity.objects.none(),
        label="Workshop",
        empty_label="Choose a workshop",
        error_messages={"required": "Choose the workshop you would like to book."},
    )
    slot_1 = slot_field(1)
    slot_2 = slot_field(2)
    slot_3 = slot_field(3)
    time_zone = forms.ChoiceField(
        choices=TIME_ZONE_CHOICES,
        label="Time zone of these times",
        initial="America/New_York",
    )
    mode = forms.ChoiceField(
        choices=[("in_person", "In person"), ("virtual", "Virtual (online meeting)")],
        widget=forms.RadioSelect,
        label="Where",
        error_messages={"required": "Choose in person or virtual."},
    )
    address = forms.CharField(
        required=False,
        label="Address",
        help_text="For an in-person workshop: building, street, city, room.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expected_participants = forms.IntegerField(
        label="Expected participants",
        min_value=1,
        max_value=1000,
        error_messages={
            "required": "Enter how many people you expect, at least 1.",
            "min_value": "Enter how many people you expect, at least 1.",
            "invalid": "Enter a whole number of people, e.g. 25.",
        },
    )
    notes = forms.CharField(
        required=False,
        label="Notes",
        help_text="Anything the coordinator should know: audience, goals, equipment.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, activities: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if activities is not None:
            self.fields["activity"].queryset = activities  # type: ignore[attr-defined]

    def aware_slots(self) -> list[datetime | None]:
        """The three slots as aware datetimes in the chosen time zone (None when empty)."""
        tz = zone(self.cleaned_data.get("time_zone") or "America/New_York")
        return [
            value.replace(tzinfo=tz) if value else None
            for value in (self.cleaned_data.get(f"slot_{n}") for n in (1, 2, 3))
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        help_text="The organization reads this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give a reason; the organization will read it."},
    )


def summary_links(form: forms.Form) -> list[dict[str, str]]:
    """The error summary's lines (label, message, anchor of the field), in form order."""
    links = [{"label": "", "message": str(m), "anchor": ""} for m in form.non_field_errors()]
    for name in form.fields:
        bound = form[name]
        anchor = bound.auto_id + ("_0" if bound.use_fieldset else "")
        label = str(bound.label)
        links += [{"label": label, "message": str(m), "anchor": anchor} for m in bound.errors]
    return links
