"""Forms for authoring course modules and quiz questions (parsing only; rules in
learning.services.authoring)."""

from __future__ import annotations

from typing import Any

from django import forms

from equitylens.learning.models import Module, ModuleKind, Question
from equitylens.learning.services.authoring import ModuleDraft, QuestionDraft

CHOICE_ROWS = 5

# Which fields each kind of module shows, in page order.
KIND_FIELDS: dict[str, list[str]] = {
    ModuleKind.VIDEO: [
        "title", "required", "body", "video_file", "remove_video_file", "video_url",
        "captions_file", "transcript",
    ],
    ModuleKind.READING: ["title", "required", "body"],
    ModuleKind.REFLECTION: ["title", "required", "body", "prompt"],
    ModuleKind.KNOWLEDGE_CHECK: ["title", "required", "body", "passing_score", "max_attempts"],
    ModuleKind.POST_TEST: ["title", "required", "body", "passing_score", "max_attempts"],
}  # fmt: skip


class ModuleForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, required=False)
    required = forms.BooleanField(
        label="Required to complete the course", required=False, initial=True
    )
    body = forms.CharField(
        label="Text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Markdown: blank lines between paragraphs, **bold**, *italic*, "
        "[link text](https://…), lists with “- ”. Headings start with ##.",
    )
    video_file = forms.FileField(
        label="Video file", required=False, help_text="MP4 or WebM, at most 200 MB."
    )
    remove_video_file = forms.BooleanField(label="Remove the uploaded video", required=False)
    video_url = forms.URLField(
        label="Embed URL",
        required=False,
        assume_scheme="https",
        help_text="Instead of a file: the https:// embed address from the video site.",
    )
    captions_file = forms.FileField(
        label="Captions (WebVTT)",
        required=False,
        help_text="A .vtt file; required with an uploaded video.",
    )
    transcript = forms.CharField(
        label="Transcript",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="The full transcript, shown beside the video.",
    )
    prompt = forms.CharField(
        label="Prompt",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The question learners answer privately.",
    )
    passing_score = forms.IntegerField(
        label="Passing score (%)", min_value=0, max_value=100, initial=80
    )
    max_attempts = forms.IntegerField(
        label="Attempts allowed",
        min_value=0,
        max_value=99,
        initial=3,
        help_text="0 means unlimited.",
    )

    def __init__(self, kind: str, *args: Any, module: Module | None = None, **kwargs: Any) -> None:
        if module is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                name: getattr(module, name)
                for name in KIND_FIELDS[kind]
                if name not in ("video_file", "captions_file", "remove_video_file")
            }
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.module = module
        shown = KIND_FIELDS[kind]
        for name in list(self.fields):
            if name not in shown:
                del self.fields[name]
        if "remove_video_file" in self.fields and not (module and module.video_file):
            del self.fields["remove_video_file"]
        if "body" in self.fields and kind != ModuleKind.READING:
            self.fields["body"].label = "Introduction (optional)"

    def draft(self) -> ModuleDraft:
        data = self.cleaned_data
        return ModuleDraft(
            kind=self.kind,
            title=data.get("title", ""),
            required=data.get("required", False),
            body=data.get("body", ""),
            video_url=data.get("video_url", ""),
            video_file=data.get("video_file"),
            remove_video_file=data.get("remove_video_file", False),
            captions_file=data.get("captions_file"),
            transcript=data.get("transcript", ""),
            prompt=data.get("prompt", ""),
            passing_score=data.get("passing_score") or 0,
            max_attempts=data.get("max_attempts") or 0,
        )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="Question", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    explanation = forms.CharField(
        label="Explanation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to learners after they answer.",
    )

    def __init__(self, *args: Any, question: Question | None = None, **kwargs: Any) -> None:
        initial: dict[str, Any] = {}
        if question is not None:
            initial = {"text": question.text, "explanation": question.explanation}
            for n, choice in enumerate(question.choices.order_by("position"), start=1):
                initial[f"choice_{n}"] = choice.text
                if choice.correct:
                    initial["correct"] = str(n)
        kwargs.setdefault("initial", initial)
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for n in range(1, CHOICE_ROWS + 1):
            self.fields[f"choice_{n}"] = forms.CharField(
                label=f"Answer {n}", max_length=400, required=False
            )
        self.fields["correct"] = forms.ChoiceField(
            label="Correct answer",
            choices=[(str(n), f"Answer {n} is correct") for n in range(1, CHOICE_ROWS + 1)],
            widget=forms.RadioSelect,
            required=False,
        )

    def choice_fields(self) -> list[forms.BoundField]:
        return [self[f"choice_{n}"] for n in range(1, CHOICE_ROWS + 1)]

    def draft(self) -> QuestionDraft:
        data = self.cleaned_data
        correct = data.get("correct")
        return QuestionDraft(
            text=data.get("text", ""),
            explanation=data.get("explanation", ""),
            choices=[data.get(f"choice_{n}", "") for n in range(1, CHOICE_ROWS + 1)],
            correct=int(correct) - 1 if correct else None,
        )
