"""`{% language_suggestions form.field %}`: inclusive-language suggestions under a text area.

Put the tag right after the field. It renders the suggestions for the field's current
value on the server (so they show without JavaScript, e.g. after a save with errors) and
wires htmx (loaded by base.html) to refresh them while the author types. Only the one
field's value is sent, never the rest of the form. Suggestions never block saving.

For a text area written by hand rather than from a form field, give its id (in parts,
joined), its name and its value: `{% language_suggestions "theme-" index name="text"
value=theme.text %}`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.forms import BoundField
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from equitylens.language.services.suggestions import inline_suggestions

register = template.Library()


@register.simple_tag
def language_suggestions(
    field: BoundField | str, *id_parts: object, name: str = "", value: object = ""
) -> SafeString:
    """The live suggestions region for a text area: a bound form field, or the id (in
    parts), `name` and `value` of a hand-written one. Raises TemplateSyntaxError when a
    hand-written text area is given without a name."""
    if isinstance(field, BoundField):
        current = field.value()
        field_id = field.auto_id or f"id_{field.html_name}"
        name = field.html_name
    else:
        current = value
        field_id = "".join(str(part) for part in (field, *id_parts))
        if not name:
            raise template.TemplateSyntaxError(
                f'language_suggestions for "{field_id}" needs name="…" (the text area\'s name)'
            )
    text = "" if current is None else str(current)
    fragment = render_to_string(
        "language/_suggestions.html", {"result": inline_suggestions(text), "field": name}
    )
    url = reverse("language:suggestions") + "?" + urlencode({"field": name})
    return format_html(
        '<div id="suggestions-{id}" class="suggestions" aria-live="polite" hx-post="{url}"'
        ' hx-trigger="keyup changed delay:700ms from:#{id}, change from:#{id}"'
        ' hx-include="#{id}" hx-params="{name}" hx-target="this" hx-swap="innerHTML"'
        ' hx-sync="this:replace">{fragment}</div>',
        id=field_id,
        url=url,
        name=name,
        fragment=fragment,
    )
