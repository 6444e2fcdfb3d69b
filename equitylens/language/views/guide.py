"""The public inclusive-language guide: searchable, filterable by category, printable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from equitylens.language.models import GuideVersion
from equitylens.language.services.guide import Entry, Guide
from equitylens.language.services.guide_editing import category_label, fine_when, search_entries
from equitylens.language.services.guide_store import current_guide, current_number


@dataclass(frozen=True)
class EntryView:
    """An entry with what the page shows beside it: plain-words rules and its sources."""

    entry: Entry
    category_label: str
    fine_when: list[str]
    sources: list[dict[str, Any]]


def entry_view(guide: Guide, entry: Entry) -> EntryView:
    """The entry as the guide page shows it."""
    rules = [text for rule in entry.context if (text := fine_when(rule, entry))]
    blank = {"authors": "", "publisher": "", "journal": "", "year": None, "url": ""}
    sources = [blank | {"id": s, **guide.sources[s]} for s in entry.sources if s in guide.sources]
    return EntryView(entry, category_label(entry.category), rules, sources)


def version_in_use() -> GuideVersion | None:
    """The saved version in use (None: the shipped default guide)."""
    number = current_number()
    return GuideVersion.objects.filter(number=number).first() if number else None


def _status(count: int, total: int, query: str, category: str) -> str:
    where = (f" for “{query}”" if query else "") + (
        f" in {category_label(category)}" if category else ""
    )
    if not (query or category):
        return f"{total} entries."
    if count == 0:
        return f"No entries match{where}. Try a shorter word, another spelling or all categories."
    return f"{count} of {total} entries match{where}."


@require_http_methods(["GET", "HEAD"])
def guide(request: HttpRequest) -> HttpResponse:
    """Every entry of the guide in use, grouped by category; `q` searches, `category` filters."""
    current = current_guide()
    query = request.GET.get("q", "").strip()[:100]
    category = request.GET.get("category", "").strip()
    categories = [(code, category_label(code)) for code in current.categories]
    context: dict[str, Any] = {
        "query": query,
        "category": category,
        "categories": categories,
        "version": version_in_use(),
        "total": len(current.entries),
    }
    if category and category not in current.categories:
        context |= {"groups": [], "problem": f"There is no category “{category}”."}
        return render(request, "language/guide.html", context, status=400)
    found = search_entries(current, query, category)
    groups = [
        (label, [entry_view(current, e) for e in found if e.category == code])
        for code, label in categories
    ]
    context |= {"groups": [(label, views) for label, views in groups if views]}
    context["status"] = _status(len(found), len(current.entries), query, category)
    return render(request, "language/guide.html", context)


@require_http_methods(["GET", "HEAD"])
def entry(request: HttpRequest, entry_id: str) -> HttpResponse:
    """One entry of the guide in use (404 when the guide has no such entry)."""
    current = current_guide()
    found = current.by_id.get(entry_id)
    if found is None:
        raise Http404("The guide has no entry with this id.")
    shown = entry_view(current, found)
    return render(
        request,
        "language/entry.html",
        {"item": shown, "groups": [(shown.category_label, [shown])], "version": version_in_use()},
    )
