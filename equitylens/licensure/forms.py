"""The coordinator's form for one state requirement row (rules in services/requirements.py)."""

from __future__ import annotations

from django import forms

from equitylens.accounts.models import Profession
from equitylens.accounts.services.profiles import US_STATES
from equitylens.catalog.models import CreditType

# Hours are counted from claimed credit; MOC lines repeat the same hours, so they are left out.
COUNTABLE_CREDIT_TYPES = [
    (CreditType.AMA_PRA_1.value, CreditType.AMA_PRA_1.label),
    (CreditType.NURSING.value, CreditType.NURSING.label),
    (CreditType.PARTICIPATION.value, CreditType.PARTICIPATION.label),
]


class StateRequirementForm(forms.Form):
    state = forms.ChoiceField(
        label="State",
        choices=[("", "Choose a state"), *sorted(US_STATES.items(), key=lambda item: item[1])],
        error_messages={"required": "State: choose the state."},
    )
    profession = forms.ChoiceField(
        label="Profession",
        choices=Profession.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Profession: choose who the rule applies to."},
    )
    hours_required = forms.DecimalField(
        label="Hours required per cycle",
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": "Hours required: enter the hours, e.g. 1 or 2.5.",
            "invalid": "Hours required: enter a number such as 1 or 2.5.",
        },
    )
    cycle_years = forms.IntegerField(
        label="Renewal cycle (years)",
        error_messages={
            "required": "Renewal cycle: enter the years between renewals, e.g. 2.",
            "invalid": "Renewal cycle: enter a whole number of years, e.g. 2.",
        },
    )
    description = forms.CharField(
        label="What the rule says",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Learners read this on their transcript. Name the law or rule.",
        error_messages={"required": "Description: say what the rule requires."},
    )
    source_url = forms.URLField(
        label="Source",
        max_length=500,
        assume_scheme="https",
        help_text="The law, rule or board page, e.g. https://www.example.gov/rule.",
        error_messages={
            "required": "Source: give the address of the law, rule or board page.",
            "invalid": "Source: give a full address starting with https://.",
        },
    )
    accepted_credit_types = forms.MultipleChoiceField(
        label="Credit that counts toward the hours",
        choices=COUNTABLE_CREDIT_TYPES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Accepted credit: choose at least one credit type."},
    )
    last_reviewed_on = forms.DateField(
        label="Last reviewed on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day someone checked this row against the source.",
        error_messages={
            "required": "Last reviewed on: enter the date you checked the source.",
            "invalid": "Last reviewed on: enter a date such as 2026-03-01.",
        },
    )
