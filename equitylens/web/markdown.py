"""Markdown written by coordinators (readings, module introductions), rendered safely.

Coordinators write Markdown; learners see HTML. The HTML is sanitized with nh3 so a
pasted <script>, an event handler, an inline style or a javascript: link can never
reach a learner's browser (the CSP would block most of it anyway; this keeps the
markup clean too).
"""

from __future__ import annotations

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    """`text` (Markdown) as sanitized HTML, safe to put in a template.

    Raw HTML in the source is sanitized, not trusted: only the tags above survive,
    links keep only http, https, mailto or relative targets and get
    rel="noopener noreferrer", and script/style content is dropped entirely.
    Headings start at h2 (a page has one h1: its title) — a "# Heading" becomes h2.
    """
    if not text or not text.strip():
        return mark_safe("")
    html = markdown_lib.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    html = _demote_headings(html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 — sanitized by nh3 just above


def _demote_headings(html: str) -> str:
    """h1 → h2 … h5 → h6, so authored headings nest under the page's own h1."""
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    return html
