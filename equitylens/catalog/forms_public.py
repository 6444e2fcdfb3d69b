"""Forms on the public catalog pages: the search/filter form and "contact the coordinator"."""

from __future__ import annotations

from typing import Any

from django import forms

from equitylens.catalog.models import ActivityFormat, CreditType, Topic
from equitylens.catalog.services.visibility import CatalogQuery


class CatalogFilterForm(forms.Form):
    """The catalog's search box and filters: a GET form in which every field is optional.

    An unknown value in one field (an old bookmark, a hand-edited address) drops that
    filter only; the others still apply.
    """

    q = forms.CharField(
        label="Search",
        help_text="Titles, objectives, topics and descriptions",
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"autocomplete": "off", "enterkeyhint": "search"}),
    )
    format = forms.ChoiceField(
        label="Format", required=False, choices=[("", "Any format"), *ActivityFormat.choices]
    )
    credit = forms.ChoiceField(
        label="Credit type", required=False, choices=[("", "Any credit"), *CreditType.choices]
    )
    topic = forms.ChoiceField(label="Topic", required=False)
    open_now = forms.BooleanField(
        label="Open now", help_text="Open for registration today", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topic_field = self.fields["topic"]
        assert isinstance(topic_field, forms.ChoiceField)
        topic_field.choices = [("", "Any topic")] + [
            (topic.slug, topic.name) for topic in Topic.objects.all()
        ]

    def catalog_query(self) -> CatalogQuery:
        """The query the visitor asked for, built from the fields that hold valid values."""
        if not self.is_bound:
            return CatalogQuery()
        self.is_valid()
        data = self.cleaned_data
        return CatalogQuery(
            text=data.get("q", "").strip(),
            format=data.get("format", ""),
            credit_type=data.get("credit", ""),
            topic=data.get("topic", ""),
            open_now=bool(data.get("open_now")),
        )


class ContactForm(forms.Form):
    """ "Contact the coordinator" about one activity. Every error names its field."""

    name = forms.CharField(
        label="Your name",
        max_length=120,
        error_messages={
            "required": "Enter your name so the coordinator knows who is asking.",
            "max_length": "Your name can be at most %(limit_value)d characters.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Your e-mail",
        help_text="The coordinator replies to this address.",
        error_messages={
            "required": "Enter your e-mail address so the coordinator can reply.",
            "invalid": "Enter your e-mail address in the form name@example.org.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label="Your question",
        max_length=5000,
        help_text="Please leave out any patient information.",
        error_messages={
            "required": "Enter your question.",
            "max_length": (
                "Your question can be at most %(limit_value)d characters; it has %(show_value)d."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        # A name goes into the e-mail's subject line: one line, single spaces.
        return " ".join(self.cleaned_data["name"].split())

    def error_summary(self) -> list[dict[str, str]]:
        """Every error as {"field_id", "label", "message"}, in form order, for the summary."""
        summary = [
            {"field_id": "", "label": "", "message": str(message)}
            for message in self.non_field_errors()
        ]
        for field in self:
            summary += [
                {"field_id": field.auto_id, "label": str(field.label), "message": str(message)}
                for message in field.errors
            ]
        return summary
