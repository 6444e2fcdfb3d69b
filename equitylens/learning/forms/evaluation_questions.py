"""The coordinator's form for one extra evaluation question.

Rules live in learning.services.evaluation_questions.
"""

from __future__ import annotations

from typing import Any

from django import forms

from equitylens.learning.models import EvaluationQuestion, QuestionKind


class EvaluationQuestionForm(forms.Form):
    """Text, kind and required flag of an extra question; the service checks them."""

    text = forms.CharField(
        label="Question",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 400}),
        help_text="Up to 400 characters, in the learner's words.",
    )
    kind = forms.ChoiceField(
        label="How learners answer",
        choices=QuestionKind.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    required = forms.BooleanField(label="Learners must answer this question", required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        question: EvaluationQuestion | None = None,
        locked: bool = False,
        **kwargs: Any,
    ) -> None:
        if question is not None:
            kwargs.setdefault(
                "initial",
                {"text": question.text, "kind": question.kind, "required": question.required},
            )
            kwargs.setdefault("prefix", f"q{question.pk}")
        else:
            kwargs.setdefault("initial", {"kind": QuestionKind.YES_NO})
            kwargs.setdefault("prefix", "new")
        super().__init__(data, **kwargs)
        if question is not None and locked:
            # Learners have answered: only "required" may change (the service enforces it).
            for name in ("text", "kind"):
                self.fields[name].disabled = True
            self.fields["text"].help_text = "Fixed: learners have already answered it."
        if question is None and locked:
            self.fields["required"].disabled = True
            self.fields[
                "required"
            ].help_text = (
                "New questions are optional now: learners have already submitted the evaluation."
            )

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            self.add_error(key if key in self.fields else None, message)
