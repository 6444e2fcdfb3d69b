"""{% load web_markdown %} … {{ module.body|markdown }}"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from equitylens.web.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    """Render Markdown `text` as sanitized HTML (see equitylens.web.markdown)."""
    return render_markdown(text or "")
