"""The roster upload form."""

from __future__ import annotations

from django import forms

MAX_ROSTER_BYTES = 5 * 1024 * 1024


class RosterUploadForm(forms.Form):
    roster = forms.FileField(
        label="Roster file (CSV)",
        help_text=(
            "A CSV file whose first line is: email,first_name,last_name,role — role is "
            "member or org_admin and may be left empty. At most 5 MB."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": "Roster file: choose the CSV file to import."},
    )

    def clean_roster(self) -> object:
        roster = self.cleaned_data["roster"]
        if roster.size > MAX_ROSTER_BYTES:
            raise forms.ValidationError(
                "Roster file is larger than 5 MB; split it into smaller files."
            )
        return roster
