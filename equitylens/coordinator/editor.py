"""The activity edit screen's forms held together: details, objectives, one row per credit.

A screen concern: it builds the forms from catalog.forms, hands their cleaned data to
catalog.services.authoring.save_activity, and puts the service's refusals back next
to the fields, with an error summary linking to each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms

from equitylens.catalog.forms import (
    MOC_CREDIT_TYPES,
    ActivityForm,
    BaseObjectiveFormSet,
    CreditOfferingForm,
    ObjectiveFormSet,
)
from equitylens.catalog.models import (
    Activity,
    ActivityFormat,
    ActivityStatus,
    Audience,
    CreditType,
    Topic,
)
from equitylens.catalog.services.authoring import (
    AuthoringError,
    ObjectiveInput,
    OfferingInput,
    credit_field,
)
from equitylens.catalog.services.statements import format_credit_amount


@dataclass
class ErrorLink:
    """One line of the error summary: the field's label, the message, the field's id."""

    label: str
    message: str
    anchor: str


class ActivityEditor:
    """The activity form, its objectives and one credit form per credit type, together."""

    def __init__(self, data: Any = None, activity: Activity | None = None, **initial: Any) -> None:
        self.activity = activity
        if activity is not None:
            initial = {**ActivityForm.initial_for(activity), **initial}
            objectives = [
                {"id": o.pk, "text": o.text} for o in activity.objectives.order_by("position")
            ]
            offered = {o.credit_type: o for o in activity.credit_offerings.all()}
        else:
            initial = {"format": ActivityFormat.LIVE_COURSE, "audience": Audience.PUBLIC, **initial}
            objectives, offered = [], {}
        self.form = ActivityForm(data, initial=initial)
        if activity is not None:
            slug = self.form.fields["slug"]
            if activity.status == ActivityStatus.IN_DEVELOPMENT:
                slug.help_text = (
                    "Letters, digits and hyphens. Changing it changes the activity's link; "
                    "leave blank to keep the current one."
                )
            else:
                slug.disabled = True
                slug.help_text = (
                    "Fixed once the activity has opened: links, certificates and "
                    "transcripts point to it."
                )
        self.objectives = cast(
            BaseObjectiveFormSet,
            ObjectiveFormSet(data, initial=objectives, prefix="objectives"),
        )
        self.credits = [
            CreditOfferingForm(data, credit_type=t, initial=_offering_initial(offered.get(t)))
            for t in CreditType.values
        ]
        # Errors about a whole section ("objectives", "credits") rather than one field.
        self.section_errors: dict[str, list[str]] = {"objectives": [], "credits": []}

    @property
    def objective_rows(self) -> list[forms.Form]:
        """The objective forms in the order the coordinator chose (as posted, if posted)."""

        def position(item: tuple[int, forms.Form]) -> tuple[int, int, int]:
            index, form = item
            try:
                return (0, int(form["ORDER"].value()), index)
            except (TypeError, ValueError):
                return (1, 0, index)

        return [form for _, form in sorted(enumerate(self.objectives.forms), key=position)]

    @property
    def main_credits(self) -> list[CreditOfferingForm]:
        return [f for f in self.credits if f.credit_type not in MOC_CREDIT_TYPES]

    @property
    def moc_credits(self) -> list[CreditOfferingForm]:
        return [f for f in self.credits if f.credit_type in MOC_CREDIT_TYPES]

    @property
    def moc_open(self) -> bool:
        """Show the MOC rows unfolded when one is offered or has an error."""
        return any(f.errors or f["amount"].value() not in (None, "") for f in self.moc_credits)

    @property
    def has_topics(self) -> bool:
        return Topic.objects.exists()

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        valid = self.objectives.is_valid() and valid
        return all([f.is_valid() for f in self.credits]) and valid

    def save_arguments(self) -> tuple[dict[str, Any], list[ObjectiveInput], list[OfferingInput]]:
        """What catalog.services.authoring.save_activity needs (after is_valid)."""
        offerings = [f.offering() for f in self.credits]
        return dict(self.form.cleaned_data), self.objectives.objectives(), offerings

    def show_errors(self, error: AuthoringError) -> None:
        """Put the service's refusals next to the fields they name."""
        by_credit = {credit_field(f.credit_type): f for f in self.credits}
        for field, messages in error.errors.items():
            for message in messages:
                if field in by_credit:
                    by_credit[field].add_error("amount", message)
                elif field in self.form.fields:
                    self.form.add_error(field, message)
                elif field in self.section_errors:
                    self.section_errors[field].append(message)
                else:
                    self.form.add_error(None, message)

    @property
    def objectives_errors(self) -> list[str]:
        return [*self.section_errors["objectives"], *self.objectives.non_form_errors()]

    def error_summary(self) -> list[ErrorLink]:
        """Every error on the page, in page order, each linking to its field."""
        links = [ErrorLink("", str(m), "activity-form") for m in self.form.non_field_errors()]
        for name in self.form.fields:
            bound = self.form[name]
            anchor = bound.auto_id + ("_0" if bound.use_fieldset else "")
            links += [ErrorLink(str(bound.label), str(m), anchor) for m in bound.errors]
        links += [ErrorLink("Learning objectives", m, "objectives") for m in self.objectives_errors]
        for number, form in enumerate(self.objectives.forms, start=1):
            for name, messages in form.errors.items():
                label = f"Objective {number}" + (" — Position" if name == "ORDER" else "")
                links += [ErrorLink(label, str(m), form[name].auto_id) for m in messages]
        links += [ErrorLink("Credit", m, "credits") for m in self.section_errors["credits"]]
        for form in self.credits:
            for name, messages in form.errors.items():
                label = f"{form.credit_label} — {form.fields[name].label}"
                links += [ErrorLink(label, str(m), form[name].auto_id) for m in messages]
        return links


def _offering_initial(offering: Any) -> dict[str, Any]:
    if offering is None:
        return {}
    return {
        "amount": format_credit_amount(offering.amount),
        "unit": offering.unit,
        "self_assessment": offering.self_assessment,
        "eligible_professions": list(offering.eligible_professions),
    }
