"""Back office for the guide: entries, editing one entry, import/export and versions.

Coordinators only. Every change goes through services/guide_editing.py, which builds
the whole new guide and saves it as a version (validated, logged, idempotent).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from equitylens.accounts.permissions import coordinator_required
from equitylens.coordinator.editor import ErrorLink
from equitylens.language.models import GuideVersion
from equitylens.language.services import guide_editing as editing
from equitylens.language.services.guide import DEFAULT_GUIDE_PATH, Entry, GuideError
from equitylens.language.services.guide_store import current_guide, current_number, current_yaml


def _lines(text: str, commas: bool = False) -> list[str]:
    parts = re.split(r"[\n,]" if commas else r"\n", text)
    seen: list[str] = []
    for part in (p.strip() for p in parts):
        if part and part not in seen:
            seen.append(part)
    return seen


class EntryForm(forms.Form):
    id = forms.SlugField(
        label="Id",
        max_length=80,
        help_text="Lower-case letters, digits and hyphens, e.g. “the-homeless”. Fixed once saved.",
    )
    category = forms.ChoiceField(choices=list(editing.CATEGORY_LABELS.items()))
    term = forms.CharField(max_length=80, help_text="The headword shown on the guide page.")
    variants = forms.CharField(
        label="Forms to check",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line, every inflection listed. Hyphen, space and no-space spellings "
        "count as the same. Lower case unless “Case sensitive” is ticked.",
    )
    alternatives = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), help_text="One per line, 1 to 5."
    )
    explanation = forms.CharField(
        label="Why (explanation)",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In our own words, 40 to 300 characters.",
    )
    sources = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
    severity = forms.ChoiceField(
        choices=[
            ("suggestion", "Suggestion: a better choice exists"),
            ("caution", "Caution: widely considered harmful"),
        ],
        widget=forms.RadioSelect,
    )
    case_sensitive = forms.BooleanField(label="Case sensitive", required=False)
    note = forms.CharField(
        label="What changed",
        max_length=300,
        help_text="Kept with the version, e.g. “Added ‘houseless’”.",
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    remove = forms.BooleanField(label="Remove this entry", required=False)

    def __init__(self, *args: Any, editing_id: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guide = current_guide()
        sources: Any = self.fields["sources"]
        sources.choices = [
            (key, f"{value['title']} ({value.get('journal') or value.get('publisher')})")
            for key, value in guide.sources.items()
        ]
        if editing_id is not None:
            del self.fields["id"]
        else:
            del self.fields["remove"]

    def clean_id(self) -> str:
        entry_id: str = self.cleaned_data["id"]
        taken = current_guide().by_id.get(entry_id)
        if taken is not None:
            raise forms.ValidationError(
                f"The id “{entry_id}” is already used by “{taken.term}”; choose another."
            )
        return entry_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        variants = _lines(data.get("variants", ""))
        if not data.get("case_sensitive"):
            upper = [v for v in variants if v != v.lower()]
            if upper:
                self.add_error(
                    "variants",
                    f"Write forms in lower case (or tick “Case sensitive”): {', '.join(upper)}",
                )
        alternatives = _lines(data.get("alternatives", ""))
        if not 1 <= len(alternatives) <= 5:
            self.add_error(
                "alternatives", f"Give 1 to 5 alternatives; you gave {len(alternatives)}."
            )
        explanation = " ".join(data.get("explanation", "").split())
        if explanation and not 40 <= len(explanation) <= 300:
            self.add_error(
                "explanation",
                f"The explanation must be 40 to 300 characters; it has {len(explanation)}.",
            )
        data |= {"variants": variants, "alternatives": alternatives, "explanation": explanation}
        return data


class ContextRuleForm(forms.Form):
    rule = forms.ChoiceField(
        label="Rule", required=False, choices=[("", "No rule"), *editing.RULE_LABELS.items()]
    )
    words = forms.CharField(
        label="Words or phrases",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line or separated by commas.",
    )
    text = forms.CharField(label="Note text", required=False, max_length=400)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rule, words = data.get("rule", ""), [w.lower() for w in _lines(data.get("words", ""), True)]
        text = data.get("text", "").strip()
        if not rule and (words or text):
            self.add_error("rule", "Choose a rule type for these words, or clear them.")
        elif (rule in editing.WORD_RULES or rule == "except_in") and not words:
            self.add_error("words", "This rule needs at least one word or phrase.")
        elif rule == "note" and not text:
            self.add_error("text", "Write the note, or choose “No rule”.")
        elif rule in {"standalone", "quoted_ok", "note"} and words:
            self.add_error("words", "This rule takes no words; clear the box.")
        data |= {"words": words, "text": text}
        return data

    def as_rule(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data.get("rule"):
            return None
        rule: dict[str, Any] = {"rule": data["rule"]}
        if data["rule"] in editing.WORD_RULES:
            rule["words"] = data["words"]
        elif data["rule"] == "except_in":
            rule["phrases"] = data["words"]
        elif data["rule"] == "note":
            rule["text"] = data["text"]
        return rule


ContextRuleFormSet = forms.formset_factory(ContextRuleForm, extra=4)


def _initial(entry: Entry) -> tuple[dict[str, Any], list[dict[str, str]]]:
    data = editing.entry_data(entry)
    fields = {k: "\n".join(v) if k in ("variants", "alternatives") else v for k, v in data.items()}
    fields["case_sensitive"] = entry.case_sensitive
    rules = [
        {"rule": r.rule, "words": "\n".join(r.words or r.phrases), "text": r.text}
        for r in entry.context
    ]
    return fields, rules


def _entry_from(form: EntryForm, rules: Any, entry_id: str) -> dict[str, Any]:
    data = form.cleaned_data
    new: dict[str, Any] = {"id": entry_id} | {
        key: data[key]
        for key in ("category", "term", "variants", "alternatives", "explanation", "sources")
    }
    new["severity"] = data["severity"]
    if data["case_sensitive"]:
        new["case_sensitive"] = True
    context = [rule for row in rules.forms if (rule := row.as_rule())]
    if context:
        new["context"] = context
    return new


def _error_links(form: forms.Form, rules: Any = None) -> list[ErrorLink]:
    links = [ErrorLink("", str(m), "entry-form") for m in form.non_field_errors()]
    bounds = [(form, "")] + [(row, f"Rule {i + 1}") for i, row in enumerate(rules or [])]
    for owner, prefix in bounds:
        for name in owner.fields:
            bound = owner[name]
            anchor = bound.auto_id + ("_0" if bound.use_fieldset else "")
            links += [ErrorLink(prefix or bound.label, str(m), anchor) for m in bound.errors]
    return links


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def entries(request: HttpRequest) -> HttpResponse:
    """The entries of the guide in use, searchable, with the editing actions."""
    guide = current_guide()
    query = request.GET.get("q", "").strip()[:100]
    category = request.GET.get("category", "").strip()
    context: dict[str, Any] = {
        "query": query,
        "category": category,
        "categories": [(c, editing.category_label(c)) for c in guide.categories],
        "number": current_number(),
    }
    if category and category not in guide.categories:
        context["problem"] = f"There is no category “{category}”."
        return render(request, "language/manage_entries.html", context, status=400)
    found = editing.search_entries(guide, query, category)
    context["rows"] = [(e, editing.category_label(e.category)) for e in found]
    context["total"] = len(guide.entries)
    return render(request, "language/manage_entries.html", context)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry_new(request: HttpRequest) -> HttpResponse:
    """Add an entry to the guide (a new version)."""
    return _edit(request, None)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry_edit(request: HttpRequest, entry_id: str) -> HttpResponse:
    """Change or remove one entry (a new version); stale forms are refused."""
    entry = current_guide().by_id.get(entry_id)
    if entry is None:
        raise Http404("The guide has no entry with this id.")
    return _edit(request, entry)


def _edit(request: HttpRequest, entry: Entry | None) -> HttpResponse:
    editing_id = entry.id if entry else None
    initial, rule_rows = _initial(entry) if entry else ({"severity": "suggestion"}, [])
    data = request.POST if request.method == "POST" else None
    form = EntryForm(
        data, editing_id=editing_id, initial=initial | {"based_on": current_number() or 0}
    )
    rules = ContextRuleFormSet(data, initial=rule_rows, prefix="rule")
    context: dict[str, Any] = {"entry": entry, "form": form, "rules": rules}
    if data is not None and data.get("remove") and entry is not None:
        return _remove(request, form, entry, context)
    if data is not None and form.is_valid() & rules.is_valid():
        entry_id = editing_id or form.cleaned_data["id"]
        new = _entry_from(form, rules, entry_id)
        try:
            outcome = editing.save_entry(
                new,
                original_id=editing_id,
                note=form.cleaned_data["note"],
                by=request.user,
                based_on=form.cleaned_data["based_on"],
            )
        except editing.StaleGuideError as error:
            form.add_error(None, str(error))
        except GuideError as error:
            for field, message in editing.problems_for_entry(error.problems, entry_id):
                form.add_error(field if field in form.fields else None, message)
        else:
            if outcome.version is None:
                messages.info(request, "No change: the guide already says this.")
            else:
                messages.success(
                    request, f"Saved “{new['term']}” as version {outcome.version.number}."
                )
            return redirect("language:entry_edit", entry_id=entry_id)
    context["links"] = _error_links(form, rules.forms) if data is not None else []
    return render(request, "language/manage_entry_form.html", context)


def _remove(
    request: HttpRequest, form: EntryForm, entry: Entry, context: dict[str, Any]
) -> HttpResponse:
    note = request.POST.get("note", "").strip()[:300]
    based_on = request.POST.get("based_on", "")
    if not note or not based_on.isdigit():
        form.is_valid()
        context["links"] = _error_links(form)
        return render(request, "language/manage_entry_form.html", context)
    if request.POST.get("confirm") != "yes":
        context |= {"note": note, "based_on": based_on}
        return render(request, "language/manage_entry_remove.html", context)
    try:
        outcome = editing.save_entry(
            None, original_id=entry.id, note=note, by=request.user, based_on=int(based_on)
        )
    except (editing.StaleGuideError, GuideError) as error:
        messages.error(request, f"Not removed: {error}")
        return redirect("language:entry_edit", entry_id=entry.id)
    number = outcome.version.number if outcome.version else current_number()
    messages.success(request, f"Removed “{entry.term}” (version {number}).")
    return redirect("language:manage")


class ImportForm(forms.Form):
    file = forms.FileField(
        label="YAML file", required=False, help_text="A .yaml or .yml file, up to 2 MB, UTF-8."
    )
    text = forms.CharField(
        label="Or paste the YAML", required=False, widget=forms.Textarea(attrs={"rows": 10})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, text = data.get("file"), data.get("text", "")
        if upload and text.strip():
            raise forms.ValidationError("Upload a file or paste YAML, not both.")
        if upload:
            try:
                data |= {"yaml": editing.read_upload(upload.name, upload.size, upload.read)}
                data["name"] = upload.name
            except ValueError as error:
                self.add_error("file", str(error))
        elif text.strip():
            if len(text.encode("utf-8")) > editing.MAX_IMPORT_BYTES:
                self.add_error("text", "The pasted YAML is over 2 MB; upload it as a file.")
            data |= {"yaml": text, "name": "pasted YAML"}
        else:
            raise forms.ValidationError("Choose a YAML file or paste the guide's YAML.")
        return data


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_guide(request: HttpRequest) -> HttpResponse:
    """Replace the whole guide from YAML, all or nothing."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            outcome = editing.import_guide(
                form.cleaned_data["yaml"], form.cleaned_data["name"], request.user
            )
        except GuideError as error:
            problems = error.problems
        else:
            if outcome.version is None:
                messages.info(request, "No change: the imported guide is the guide in use.")
            else:
                messages.success(request, f"Imported as version {outcome.version.number}.")
            return redirect("language:versions")
    links = _error_links(form) if request.method == "POST" and not problems else []
    context = {"form": form, "links": links, "problems": problems}
    return render(request, "language/manage_import.html", context)


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def export_guide(request: HttpRequest) -> HttpResponse:
    """Download the guide in use (or `?version=N`) as YAML."""
    wanted = request.GET.get("version", "")
    if wanted:
        if not wanted.isdigit():
            return HttpResponseBadRequest("version must be a version number, e.g. ?version=3")
        version = GuideVersion.objects.filter(number=int(wanted)).first()
        if version is None:
            raise Http404("No such guide version.")
        number, text = version.number, version.yaml_text
    else:
        number, text = current_number() or 0, current_yaml()
    response = HttpResponse(text, content_type="text/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="equity-lens-guide-v{number}.yaml"'
    return response


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def versions(request: HttpRequest) -> HttpResponse:
    """Every saved version, newest first, with export and restore."""
    rows = GuideVersion.objects.select_related("created_by").defer("yaml_text")
    return render(
        request, "language/manage_versions.html", {"versions": rows, "number": current_number()}
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def version(request: HttpRequest, number: int) -> HttpResponse:
    """One version and what it changed; POST restores it as a new version."""
    shown = GuideVersion.objects.select_related("created_by").filter(number=number).first()
    if shown is None:
        raise Http404("No such guide version.")
    if request.method == "POST":
        try:
            outcome = editing.restore_version(number, request.user)
        except GuideError as error:
            messages.error(request, f"Version {number} cannot be restored: {error}")
            return redirect("language:version", number=number)
        if outcome.version is None:
            messages.info(request, f"No change: version {number} is the guide in use.")
        else:
            messages.success(
                request, f"Restored version {number} as version {outcome.version.number}."
            )
        return redirect(reverse("language:versions"))
    previous = GuideVersion.objects.filter(number__lt=number).order_by("-number").first()
    old_yaml = previous.yaml_text if previous else DEFAULT_GUIDE_PATH.read_text(encoding="utf-8")
    diff = editing.version_diff(old_yaml, shown.yaml_text)
    context = {"version": shown, "previous": previous, "diff": diff, "number": current_number()}
    return render(request, "language/manage_version.html", context)
