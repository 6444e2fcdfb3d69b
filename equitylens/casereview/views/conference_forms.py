"""The forms of the conference pages, and the highlighting of identifier findings.

Forms only shape the input; services.conference and services.survey hold the rules.
"""

from __future__ import annotations

from typing import Any

from django import forms

from equitylens.casereview.models import CaseSeries
from equitylens.casereview.services.conference import agenda_candidates
from equitylens.casereview.services.identifiers import Finding
from equitylens.casereview.services.survey import SurveyAnswers
from equitylens.live.models import SessionMode

TEXTAREA = {"rows": 3, "maxlength": 2000}


class ConferenceForm(forms.Form):
    """Title, date and times in a zone, the place (with a credit activity) and the agenda."""

    title = forms.CharField(
        max_length=200,
        error_messages={"required": "Give the session a title, e.g. “Case conference, March”."},
        help_text="Organization members see it in the session list: do not name a case.",
    )
    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date of the session, e.g. 2027-03-15.",
            "invalid": "Enter the date as year-month-day, e.g. 2027-03-15.",
        },
    )
    start_time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={
            "required": "Enter the start time, e.g. 12:00.",
            "invalid": "Enter the start time as hours:minutes, e.g. 12:00.",
        },
    )
    end_time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={
            "required": "Enter the end time, e.g. 13:00.",
            "invalid": "Enter the end time as hours:minutes, e.g. 13:00.",
        },
    )
    time_zone = forms.CharField(
        max_length=64,
        initial="America/New_York",
        error_messages={"required": "Enter the time zone, e.g. America/New_York."},
        help_text="An IANA name, e.g. America/Chicago.",
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
    )
    mode = forms.ChoiceField(
        choices=SessionMode.choices, widget=forms.RadioSelect, required=False, label="Where"
    )
    location = forms.CharField(
        required=False,
        label="Location (in person)",
        help_text="Address and room.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    meeting_url = forms.CharField(
        required=False,
        label="Meeting link (virtual)",
        help_text="Starts with https://",
        widget=forms.URLInput(),
    )
    cases = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Case %(value)s is not ready for a session; choose from the list."
        },
    )

    def __init__(self, series: CaseSeries, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = list(agenda_candidates(series))
        cases_field: Any = self.fields["cases"]
        cases_field.choices = [(str(c.number), str(c.number)) for c in self.candidates]
        for case in self.candidates:
            self.fields[f"position_{case.number}"] = forms.IntegerField(
                required=False, min_value=1, max_value=99, label=f"Position of case {case.number}"
            )

    def agenda_rows(self) -> list[tuple[Any, Any, bool]]:
        """(case, position field, ticked) for the template's agenda table."""
        ticked = set(self["cases"].value() or [])
        return [
            (case, self[f"position_{case.number}"], str(case.number) in ticked)
            for case in self.candidates
        ]

    def ordered_cases(self) -> list[int]:
        """Ticked case numbers by position number, then in list order."""
        numbers = [int(n) for n in self.cleaned_data["cases"]]
        return sorted(
            numbers,
            key=lambda n: (self.cleaned_data.get(f"position_{n}") or 100, numbers.index(n)),
        )


class SurveyForm(forms.Form):
    SCALE = [(str(n), str(n)) for n in range(1, 6)]

    felt_safe = forms.ChoiceField(
        choices=SCALE,
        widget=forms.RadioSelect,
        required=False,
        label="I felt safe to speak",
        error_messages={"invalid_choice": "Choose how safe you felt to speak, from 1 to 5."},
        help_text="1 = not at all, 5 = completely.",
    )
    useful = forms.ChoiceField(
        choices=SCALE,
        widget=forms.RadioSelect,
        required=False,
        label="The discussion was useful for my practice",
        error_messages={"invalid_choice": "Choose how useful the discussion was, from 1 to 5."},
        help_text="1 = not at all, 5 = very useful.",
    )
    will_change_practice = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        required=False,
        label="I will change something in my practice or our systems",
        error_messages={"invalid_choice": "Answer yes or no."},
    )
    comment = forms.CharField(
        required=False,
        label="Comment (optional)",
        help_text="Shown to the facilitators without your name. No patient or staff names.",
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def answers(self) -> SurveyAnswers:
        data = getattr(self, "cleaned_data", {})
        change = {"yes": True, "no": False}.get(data.get("will_change_practice") or "")
        return SurveyAnswers(
            felt_safe=int(data["felt_safe"]) if data.get("felt_safe") else None,
            useful=int(data["useful"]) if data.get("useful") else None,
            will_change_practice=change,
            comment=data.get("comment") or "",
        )


def highlight(text: str, findings: list[Finding]) -> list[tuple[str, Finding | None]]:
    """The text cut into plain parts and findings, for <mark>ing each finding."""
    parts: list[tuple[str, Finding | None]] = []
    at = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < at:
            continue
        parts.append((text[at : finding.start], None))
        parts.append((text[finding.start : finding.end], finding))
        at = finding.end
    parts.append((text[at:], None))
    return [part for part in parts if part[0]]
