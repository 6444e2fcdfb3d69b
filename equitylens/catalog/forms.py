"""The coordinator's activity forms: one form for every format, configured by format and type.

Forms only read and type-check input. The rules (credit steps, approval period,
unique slug …) live in catalog.services.authoring, whose AuthoringError is put back
onto these forms by equitylens.coordinator.editor.ActivityEditor.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory

from equitylens.accounts.models import Organization, OrganizationKind, Profession
from equitylens.catalog.models import (
    Activity,
    ActivityFormat,
    ActivityStatus,
    Audience,
    CreditType,
    CreditUnit,
    Topic,
)
from equitylens.catalog.services.authoring import (
    DETAIL_FIELDS,
    ObjectiveInput,
    OfferingInput,
)
from equitylens.catalog.services.credits import default_unit

# The same two date fields mean different things by format (see GLOSSARY.md).
DATE_LABELS = {
    "live": {
        "starts_on": ("Start date", "The day the activity takes place (its first day)."),
        "ends_on": ("End date", "The last day; leave blank for a one-day activity."),
    },
    "enduring": {
        "starts_on": ("Release date", "The first day learners may start and claim credit."),
        "ends_on": ("Expiration date", "At most 3 years after release; credit ends then."),
    },
}
REQUIRED_MESSAGES = {
    "title": "Enter a title.",
    "summary": "Enter a one- or two-sentence summary for the catalog.",
    "format": "Choose a format.",
    "duration_minutes": "Enter the length of the content in minutes, e.g. 90.",
    "audience": "Choose who may take part.",
    "contact_name": "Enter the name of the person who answers learners' questions.",
    "contact_email": "Enter the e-mail address learners' questions go to.",
}
MOC_CREDIT_TYPES = [t for t in CreditType.values if t.startswith("moc_")]


def date_kind(format: str | None) -> str:
    """ "enduring" for enduring material, otherwise "live" (the key into DATE_LABELS)."""
    return "enduring" if format == ActivityFormat.ENDURING else "live"


def _date_widget(field: str) -> forms.DateInput:
    live, enduring = DATE_LABELS["live"][field], DATE_LABELS["enduring"][field]
    return forms.DateInput(
        format="%Y-%m-%d",
        attrs={
            "type": "date",
            "data-label-live": live[0],
            "data-help-live": live[1],
            "data-label-enduring": enduring[0],
            "data-help-enduring": enduring[1],
        },
    )


def _partner_organizations() -> Any:
    return Organization.objects.exclude(kind=OrganizationKind.PROVIDER).order_by("name")


class ActivityForm(forms.Form):
    """An activity's details for every format; date labels follow the chosen format."""

    required_css_class = "required"

    title = forms.CharField(max_length=200)
    slug = forms.SlugField(
        label="Web address",
        max_length=200,
        required=False,
        help_text="Letters, digits and hyphens, e.g. implicit-bias-workshop. "
        "Leave blank to make one from the title.",
    )
    summary = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One or two sentences for the catalog (at most 300 characters).",
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 8}))
    target_audience = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Who the activity is for, e.g. onboarding clinicians.",
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    new_topics = forms.CharField(
        label="New topics",
        required=False,
        max_length=400,
        help_text="Comma-separated, e.g. Maternal health, Language access.",
    )
    format = forms.ChoiceField(choices=ActivityFormat.choices)
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)",
        min_value=1,
        max_value=100_000,
        help_text="Length of the educational content; live AMA PRA Category 1 credit "
        "cannot exceed it.",
    )
    attendance_code_days = forms.IntegerField(
        label="Attendance codes work for (days)",
        required=False,
        min_value=1,
        max_value=365,
        initial=30,
        help_text="Live activities: how many days after a session starts learners can still "
        "enter its code, e.g. 30.",
        error_messages={
            "min_value": "Enter at least 1 day.",
            "max_value": "Enter at most 365 days.",
            "invalid": "Enter a whole number of days, e.g. 30.",
        },
    )
    starts_on = forms.DateField(required=False, widget=_date_widget("starts_on"))
    ends_on = forms.DateField(required=False, widget=_date_widget("ends_on"))
    audience = forms.ChoiceField(choices=Audience.choices, widget=forms.RadioSelect)
    internal_organizations = forms.ModelMultipleChoiceField(
        label="Organizations whose people may take part",
        queryset=_partner_organizations(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for an internal audience; ignored otherwise.",
    )
    joint_provider = forms.ModelChoiceField(
        label="Joint provider",
        queryset=_partner_organizations(),
        required=False,
        empty_label="None (directly provided)",
        help_text="A non-accredited organization that planned the activity with you.",
    )
    bookable_privately = forms.BooleanField(
        label="Organizations may book a private session of this activity", required=False
    )
    contact_name = forms.CharField(label="Contact name", max_length=120)
    contact_email = forms.EmailField(label="Contact e-mail")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, message in REQUIRED_MESSAGES.items():
            self.fields[name].error_messages["required"] = message
        self.fields["duration_minutes"].error_messages["min_value"] = "Enter at least 1 minute."
        chosen = self.data.get(self.add_prefix("format")) if self.is_bound else None
        kind = date_kind(chosen or self.initial.get("format"))
        for name, (label, help_text) in DATE_LABELS[kind].items():
            self.fields[name].label = label
            self.fields[name].help_text = help_text

    @classmethod
    def initial_for(cls, activity: Activity) -> dict[str, Any]:
        initial: dict[str, Any] = {f: getattr(activity, f) for f in DETAIL_FIELDS}
        initial["topics"] = list(activity.topics.all())
        initial["internal_organizations"] = list(activity.internal_organizations.all())
        return initial


class ObjectiveForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label="Objective",
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BaseObjectiveFormSet(forms.BaseFormSet):
    """Learning objectives in order: type a position to move one, tick Remove to drop it."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        number = "" if index is None else f" {index + 1}"
        form.fields["text"].label = f"Objective{number}"
        form.fields["ORDER"].label = "Position"
        form.fields["ORDER"].widget.attrs.update({"min": 1})
        form.fields["DELETE"].label = "Remove"

    def objectives(self) -> list[ObjectiveInput]:
        """The objectives in the chosen order, blanks and removed ones left out."""
        return [
            ObjectiveInput(text=form.cleaned_data["text"], id=form.cleaned_data.get("id"))
            for form in self.ordered_forms
            if (form.cleaned_data.get("text") or "").strip()
        ]


ObjectiveFormSet = formset_factory(
    ObjectiveForm,
    formset=BaseObjectiveFormSet,
    extra=2,
    can_order=True,
    can_delete=True,
    max_num=40,
    validate_max=True,
)


class CreditOfferingForm(forms.Form):
    """One credit type's offering, configured by its type (label, default unit)."""

    amount = forms.DecimalField(
        label="Maximum credit",
        required=False,
        max_value=999,
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0", "inputmode": "decimal"}),
        help_text="Blank: not offered.",
    )
    unit = forms.ChoiceField(label="Unit", choices=CreditUnit.choices)
    self_assessment = forms.BooleanField(label="Counts as self-assessment", required=False)
    eligible_professions = forms.MultipleChoiceField(
        label="Who may claim",
        choices=Profession.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every profession.",
    )

    def __init__(self, *args: Any, credit_type: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"credit-{credit_type}")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.credit_type = credit_type
        self.credit_label = CreditType(credit_type).label
        self.fields["unit"].initial = default_unit(credit_type)

    def offering(self) -> OfferingInput:
        data = self.cleaned_data
        return OfferingInput(
            credit_type=self.credit_type,
            amount=data.get("amount"),
            unit=data.get("unit") or "",
            self_assessment=bool(data.get("self_assessment")),
            eligible_professions=tuple(data.get("eligible_professions") or ()),
        )


class ActivityFilterForm(forms.Form):
    """The back office list's filters; every field optional."""

    q = forms.CharField(label="Search", required=False, max_length=200)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ActivityStatus.choices]
    )
    format = forms.ChoiceField(
        label="Format", required=False, choices=[("", "Any format"), *ActivityFormat.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
