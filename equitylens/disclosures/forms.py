"""The disclosure form: relationship rows, "none", the attestation."""

from __future__ import annotations

from typing import Any

from django import forms

from equitylens.disclosures.models import RelationshipNature, RelationshipStatus
from equitylens.disclosures.services.submission import ATTESTATION_TEXT

NO_RELATIONSHIPS_LABEL = (
    "I have no financial relationships with ineligible companies in the past 24 months"
)


class RelationshipForm(forms.Form):
    """One relationship; blank rows are ignored. The rules live in submit_disclosure."""

    company = forms.CharField(
        required=False,
        max_length=200,
        label="Ineligible company",
        help_text="The company that produces, markets, sells or distributes health care "
        "products used by or on patients.",
    )
    nature = forms.ChoiceField(
        required=False,
        label="Nature of the relationship",
        choices=[("", "Choose…"), *RelationshipNature.choices],
    )
    status = forms.ChoiceField(
        required=False,
        label="Is it current?",
        choices=RelationshipStatus.choices,
        widget=forms.RadioSelect,
    )
    ended_on = forms.DateField(
        required=False,
        label="Ended on (if ended)",
        help_text="Only relationships of the past 24 months are asked for.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date it ended, e.g. 2026-03-31."},
    )
    is_owner_or_employee = forms.BooleanField(
        required=False, label="I own or am employed by this company"
    )

    def relationship(self) -> dict[str, Any] | None:
        """The row as the service expects it, or None for a blank row."""
        data = getattr(self, "cleaned_data", {}) or {}
        if not any(data.get(k) for k in ("company", "nature", "status", "ended_on")):
            return None
        return {key: data.get(key) for key in self.fields}


RelationshipFormSet = forms.formset_factory(RelationshipForm, extra=2, max_num=30)


class DisclosureForm(forms.Form):
    none = forms.BooleanField(required=False, label=NO_RELATIONSHIPS_LABEL)
    attested = forms.BooleanField(required=False, label=ATTESTATION_TEXT)
