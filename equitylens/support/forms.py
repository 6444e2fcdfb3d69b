"""The coordinator's form for one support record (rules live in services/records.py)."""

from __future__ import annotations

from django import forms

from equitylens.support.models import SupporterType, SupportKind
from equitylens.support.services.records import MAX_AGREEMENT_BYTES


class SupportForm(forms.Form):
    supporter_type = forms.ChoiceField(
        label="Type of support",
        choices=SupporterType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Type of support: choose commercial or other support."},
    )
    supporter_name = forms.CharField(
        label="Supporter",
        max_length=200,
        help_text="The ineligible company, foundation, health plan or agency, as it wishes "
        "to be named.",
        error_messages={"required": "Supporter: enter the supporter's name."},
    )
    kind = forms.ChoiceField(
        label="Kind of support",
        choices=SupportKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kind of support: choose monetary or in-kind."},
    )
    amount = forms.DecimalField(
        label="Amount (US dollars, monetary support)",
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        error_messages={"invalid": "Amount: enter a number of dollars, e.g. 5000 or 5000.00."},
    )
    in_kind_description = forms.CharField(
        label="What was given (in-kind support)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agreement_file = forms.FileField(
        label="Signed written agreement",
        required=False,
        help_text=f"Required for commercial support. PDF, PNG or JPG, at most "
        f"{MAX_AGREEMENT_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    agreement_signed_on = forms.DateField(
        label="Date signed",
        required=False,
        help_text="Required for commercial support.",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Date signed: enter a date such as 2026-03-01."},
    )
