"""The learner's evaluation form, built from learning.services.evaluations.evaluation_form_for.

Presentation only: it keeps what the learner entered and shows errors next to the
questions. Every rule (what is required, scale bounds, conditional texts) is checked
by submit_evaluation, whose errors are put back here with show_errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.utils import ErrorDict

from equitylens.learning.models import QuestionKind
from equitylens.learning.services.evaluations import (
    TEXT_MAX,
    EvaluationForm,
    EvaluationItem,
    EvaluationSection,
)

YES_NO_CHOICES = [("yes", "Yes"), ("no", "No")]


@dataclass
class ShownItem:
    item: EvaluationItem
    field: forms.BoundField


@dataclass
class ShownSection:
    section: EvaluationSection
    items: list[ShownItem]


@dataclass
class ErrorLink:
    """One line of the error summary: the question, what to fix, the field's id."""

    label: str
    message: str
    anchor: str


class EvaluationAnswersForm(forms.Form):
    """One field per item of the activity's evaluation, named by the item's key."""

    def __init__(self, layout: EvaluationForm, data: Any = None) -> None:
        super().__init__(data)
        self.layout = layout
        for item in layout.items:
            self.fields[item.key] = _field_for(item)

    def show_read_only(self) -> None:
        """Disable every field: the coordinator's view of the form as learners see it."""
        for field in self.fields.values():
            field.disabled = True

    def sections(self) -> list[ShownSection]:
        return [
            ShownSection(section, [ShownItem(item, self[item.key]) for item in section.items])
            for section in self.layout.sections
        ]

    def answers(self) -> dict[str, Any]:
        """What the learner entered, by item key (rules are checked by the service)."""
        return {item.key: self.data.get(item.key, "") for item in self.layout.items}

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show the service's errors (and only those) next to their questions."""
        self.full_clean()
        self._errors = ErrorDict(renderer=self.renderer)
        for key, message in errors.items():
            self.add_error(key if key in self.fields else None, message)

    def error_links(self) -> list[ErrorLink]:
        links = []
        for item in self.layout.items:
            for message in self.errors.get(item.key, []):
                field = self[item.key]
                anchor = f"{field.auto_id}_0" if item.kind != QuestionKind.TEXT else field.auto_id
                links.append(ErrorLink(item.text, str(message), anchor))
        return links


def _field_for(item: EvaluationItem) -> forms.Field:
    # required=False throughout: the service decides, so messages come from one place.
    if item.kind == QuestionKind.SCALE:
        choices = [(str(n), f"{n} {word}") for n, word in item.scale_choices]
        return forms.ChoiceField(
            label=item.text,
            choices=choices,
            required=False,
            help_text=item.help,
            widget=forms.RadioSelect,
        )
    if item.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            label=item.text,
            choices=YES_NO_CHOICES,
            required=False,
            help_text=item.help,
            widget=forms.RadioSelect,
        )
    return forms.CharField(
        label=item.text,
        required=False,
        help_text=item.help,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}),
    )
