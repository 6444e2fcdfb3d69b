"""Forms for the community pages and the back office's community screens."""

from __future__ import annotations

from django import forms

from equitylens.catalog.models import Topic
from equitylens.community.models import ResourceKind
from equitylens.community.services.library import MAX_FILE_BYTES


class ApplicationForm(forms.Form):
    organization_name = forms.CharField(
        max_length=200,
        label="Organization",
        help_text="Where you work, e.g. “Riverbend Health”.",
        error_messages={"required": "Enter the organization you work for."},
    )
    role = forms.CharField(
        max_length=200,
        label="Your role",
        help_text="e.g. Director of Health Equity, charge nurse, residency program director.",
        error_messages={"required": "Enter your role, e.g. “Director of Health Equity”."},
    )
    statement = forms.CharField(
        label="Why you would like to join",
        help_text="A few sentences about your equity work; coordinators read this.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Tell us in a few sentences why you would like to join."},
    )
    interests = forms.CharField(
        required=False,
        max_length=400,
        label="Interests (optional)",
        help_text="Separate them with commas, e.g. language access, maternal health.",
    )


class ListingForm(forms.Form):
    listed = forms.BooleanField(
        required=False,
        label="List me in the member directory",
        help_text="Members see your name, organization, role and interests; never your e-mail.",
    )
    interests = forms.CharField(
        required=False,
        max_length=400,
        label="Interests shown in the directory",
        help_text="Separate them with commas.",
    )


class DirectorySearchForm(forms.Form):
    q = forms.CharField(required=False, label="Name, organization or role")
    interest = forms.CharField(required=False, label="Interest")


class LibraryFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search title and description")
    topic = forms.ChoiceField(required=False, label="Topic")
    kind = forms.ChoiceField(
        required=False, label="Kind", choices=[("", "All kinds"), *ResourceKind.choices]
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["topic"].choices = [  # type: ignore[attr-defined]
            ("", "All topics"),
            *Topic.objects.values_list("slug", "name"),
        ]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason for declining",
        help_text="The applicant reads this in the e-mail; say what would change the decision.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the applicant a reason; they will read it."},
    )


class ResourceForm(forms.Form):
    title = forms.CharField(
        max_length=200, label="Title", error_messages={"required": "Give the resource a title."}
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=ResourceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of resource this is."},
    )
    description = forms.CharField(
        label="Description",
        help_text="A short description: what it is and who it helps.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write a short description: what it is and who it helps."},
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        label="Topics",
        widget=forms.CheckboxSelectMultiple,
    )
    file = forms.FileField(
        required=False,
        label="File",
        help_text=(
            f"PDF, DOCX, PPTX, XLSX, MP4, PNG or JPG, at most {MAX_FILE_BYTES // (1024 * 1024)} "
            "MB. Give a file or a link, not both."
        ),
    )
    url = forms.CharField(
        required=False,
        max_length=200,
        label="Or a link",
        help_text="A full https:// address.",
        widget=forms.URLInput,
    )
