"""Forms on the public catalog pages."""

from __future__ import annotations

from django import forms

from equitylens.catalog.models import ActivityFormat, CreditType, Topic


class CatalogFilterForm(forms.Form):
    """The catalog's search box and filters (a GET form; every field optional)."""

    q = forms.CharField(label="Search", required=False, max_length=200)
    format = forms.ChoiceField(
        label="Format", required=False, choices=[("", "Any format"), *ActivityFormat.choices]
    )
    credit = forms.ChoiceField(
        label="Credit type", required=False, choices=[("", "Any credit"), *CreditType.choices]
    )
    topic = forms.ChoiceField(label="Topic", required=False)
    open_now = forms.BooleanField(label="Open now", required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        topic_field = self.fields["topic"]
        assert isinstance(topic_field, forms.ChoiceField)
        topic_field.choices = [("", "Any topic")] + [
            (topic.slug, topic.name) for topic in Topic.objects.all()
        ]


class ContactForm(forms.Form):
    """ "Contact the coordinator" about one activity."""

    name = forms.CharField(label="Your name", max_length=120)
    email = forms.EmailField(
        label="Your e-mail", help_text="The coordinator replies to this address."
    )
    message = forms.CharField(label="Your question", widget=forms.Textarea, max_length=5000)
