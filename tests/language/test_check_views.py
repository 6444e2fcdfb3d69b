"""The checker on the web: the paste-and-check page, the inline-suggestions fragment and
template tag, and the JSON API. The guide in use is the shipped default unless a test
saves a version."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.urls import reverse

from equitylens.language.services import guide_store
from equitylens.language.services.suggestions import MAX_TEXT_CHARS
from tests.factories import make_activity

pytestmark = pytest.mark.django_db

CHECK = reverse("language:check")
SUGGESTIONS = reverse("language:suggestions")
API = reverse("language:api_check")
TERMS = "Our blacklist names drug abusers. Later the homeless are waiting outside."


@pytest.fixture(autouse=True)
def fresh_guide_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests that save guide versions reuse numbers; do not let a cached checker leak."""
    guide_store.forget_cached_checker()
    yield


def marks(html: str) -> list[tuple[str, str]]:
    """(number, highlighted text) of each <mark>, in document order."""
    return re.findall(r'<mark class="finding[^"]*" id="mark-(\d+)">([^<]*)<a', html)


# The paste-and-check page


def test_the_page_offers_a_labelled_text_area_and_a_check_button(client: Client) -> None:
    html = client.get(CHECK).content.decode()
    assert '<label for="id_text">Text to check</label>' in html
    assert 'name="text"' in html and ">Check</button>" in html
    assert "Nothing you paste is stored" in html
    assert "<mark" not in html


def test_checking_highlights_each_finding_in_text_order(client: Client) -> None:
    response = client.post(CHECK, {"text": TERMS})
    html = response.content.decode()
    assert response.status_code == 200
    assert marks(html) == [("1", "blacklist"), ("2", "drug abusers"), ("3", "homeless")]
    assert "3 suggestions for this text." in html
    # Each highlight's number links to its explanation and names the term for screen readers.
    assert '<a class="finding__number" href="#finding-2">' in html
    assert "about “drug abusers”)" in html
    # The list: matched text, category, alternatives, why, link to the guide entry.
    item = html[html.index('id="finding-1"') : html.index('id="finding-2"')]
    assert "“blacklist”" in item and "General workplace terms" in item
    assert "blocklist; denylist" in item
    assert "Pairs black with bad" in item
    assert reverse("language:entry", kwargs={"entry_id": "blacklist"}) in item
    # The text is given back in the form so it can be edited and checked again.
    assert f">\n{TERMS}</textarea>" in html


def test_pasted_html_is_shown_as_text_never_run(client: Client) -> None:
    pasted = '<script>alert("x")</script> <b>the homeless are here</b> & <i>blacklisted</i>'
    html = client.post(CHECK, {"text": pasted}).content.decode()
    assert "<script>alert" not in html and "<b>the" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;the " in html
    assert [text for _, text in marks(html)] == ["homeless", "blacklisted"]
    assert "&amp; &lt;i&gt;" in html


def test_clean_text_says_there_are_no_suggestions(client: Client) -> None:
    html = client.post(CHECK, {"text": "People experiencing homelessness use the shelter."})
    content = html.content.decode()
    assert html.status_code == 200
    assert "No suggestions" in content and "<mark" not in content
    assert "<ol" not in content


def test_text_over_the_limit_is_refused_with_its_length(client: Client) -> None:
    response = client.post(CHECK, {"text": "a" * (MAX_TEXT_CHARS + 1)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "The text is 50,001 characters long" in html and "up to 50,000" in html
    assert '<a href="#id_text">Text to check: The text is 50,001' in html  # error summary
    assert "<mark" not in html


def test_empty_text_asks_for_text(client: Client) -> None:
    response = client.post(CHECK, {"text": ""})
    assert response.status_code == 400
    assert "Paste or type some text to check." in response.content.decode()


def test_the_page_form_needs_a_csrf_token() -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(CHECK, {"text": TERMS}).status_code == 403


# The inline-suggestions fragment


def test_the_fragment_lists_grouped_suggestions(client: Client) -> None:
    text = "Blacklist them; the blacklist grows."
    html = client.post(SUGGESTIONS, {"text": text}).content.decode()
    assert "Suggestions for more inclusive wording (optional)" in html
    assert "“Blacklist”" in html and "(2 times)" in html
    assert "blocklist; denylist" in html and "Pairs black with bad" in html
    assert 'target="_blank"' in html and "(opens in a new tab)" in html


def test_the_fragment_reads_the_field_named_by_field(client: Client) -> None:
    html = client.post(
        f"{SUGGESTIONS}?field=description", {"description": "The homeless are here."}
    ).content.decode()
    assert "“homeless”" in html and "people experiencing homelessness" in html


def test_the_fragment_is_empty_when_there_is_nothing_to_suggest(client: Client) -> None:
    response = client.post(SUGGESTIONS, {"text": "A plain sentence about the clinic."})
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_the_fragment_checks_only_the_first_50000_characters(client: Client) -> None:
    text = "x " * (MAX_TEXT_CHARS // 2) + "blacklist"
    html = client.post(SUGGESTIONS, {"text": text}).content.decode()
    assert "Only the first 50,000 characters were checked." in html
    assert "blocklist" not in html


def test_the_fragment_only_answers_post(client: Client) -> None:
    assert client.get(SUGGESTIONS, {"text": "blacklist"}).status_code == 405


# The template tag


class _DescriptionForm(forms.Form):
    description = forms.CharField(widget=forms.Textarea)


def _render_tag(form: forms.Form) -> str:
    template = Template("{% load language %}{% language_suggestions form.description %}")
    return template.render(Context({"form": form}))


def test_the_tag_renders_suggestions_for_the_current_value_without_javascript() -> None:
    html = _render_tag(_DescriptionForm(initial={"description": "We keep a blacklist."}))
    assert html.startswith('<div id="suggestions-id_description" class="suggestions"')
    assert 'aria-live="polite"' in html
    assert f'hx-post="{SUGGESTIONS}?field=description"' in html
    assert (
        'hx-trigger="keyup changed delay:700ms from:#id_description, change from:#id_description"'
        in html
    )
    assert 'hx-include="#id_description"' in html and 'hx-params="description"' in html
    assert 'hx-target="this"' in html and 'hx-swap="innerHTML"' in html
    assert "Suggestions for more inclusive wording (optional)" in html
    assert "blocklist; denylist" in html


def test_the_tag_uses_the_submitted_value_and_the_form_prefix() -> None:
    form = _DescriptionForm(data={"case-description": "The homeless are waiting."}, prefix="case")
    html = _render_tag(form)
    assert 'id="suggestions-id_case-description"' in html
    assert "field=case-description" in html and 'hx-params="case-description"' in html
    assert "people experiencing homelessness" in html


def test_the_tag_renders_an_empty_live_region_for_clean_text() -> None:
    html = _render_tag(_DescriptionForm())
    assert 'aria-live="polite"' in html
    assert "Suggestions for more inclusive wording" not in html


def test_the_tag_wires_a_hand_written_text_area_by_id_name_and_value() -> None:
    template = Template(
        '{% load language %}{% language_suggestions "theme-" index name="text" value=text %}'
    )
    html = template.render(Context({"index": 2, "text": "A blacklist."}))
    assert 'id="suggestions-theme-2"' in html and 'hx-include="#theme-2"' in html
    assert 'hx-params="text"' in html and "blocklist" in html


def test_the_tag_needs_a_name_for_a_hand_written_text_area() -> None:
    template = Template('{% load language %}{% language_suggestions "theme-" 1 %}')
    with pytest.raises(TemplateSyntaxError, match='"theme-1" needs name='):
        template.render(Context({}))


def test_the_public_contact_form_shows_suggestions_under_the_question(client: Client) -> None:
    activity = make_activity("Bias Workshop", contact_name="Sam Rivera")
    html = client.get(activity.get_absolute_url()).content.decode()
    assert '<div id="suggestions-id_message" class="suggestions" aria-live="polite"' in html
    response = client.post(
        reverse("catalog:contact", kwargs={"slug": activity.slug}),
        {
            "name": "Dr. Lee",
            "email": "not-an-address",
            "message": "We see the homeless in our clinic.",
        },
    )
    assert "people experiencing homelessness" in response.content.decode()


# The JSON API


def _post_json(client: Client, data: Any) -> Any:
    return client.post(API, json.dumps(data), content_type="application/json")


def test_the_api_returns_findings_with_character_offsets(client: Client) -> None:
    text = "Résumé naïveté — the homeless are here; a blacklist."
    response = _post_json(client, {"text": text})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"guide_version", "findings"}
    assert body["guide_version"] is None  # the shipped default
    first, second = body["findings"]
    assert set(first) == {
        "start",
        "end",
        "text",
        "entry",
        "category",
        "alternatives",
        "explanation",
        "severity",
    }
    assert text[first["start"] : first["end"]] == first["text"] == "homeless"
    assert first["entry"] == "the-homeless" and first["category"] == "socioeconomic_housing"
    assert second["alternatives"][:2] == ["blocklist", "denylist"]


def test_the_api_names_the_saved_guide_version_in_use(client: Client) -> None:
    version = guide_store.save_version(guide_store.current_yaml(), "copy", None)
    body = _post_json(client, {"text": "a blacklist"}).json()
    assert body["guide_version"] == version.number
    assert [f["entry"] for f in body["findings"]] == ["blacklist"]


def test_the_api_accepts_a_plain_text_body(client: Client) -> None:
    response = client.post(API, "the homeless are here", content_type="text/plain")
    assert response.status_code == 200
    assert [f["text"] for f in response.json()["findings"]] == ["homeless"]
    # The test client encodes the text in the declared charset.
    response = client.post(API, "Café: a blacklist", content_type="text/plain; charset=latin-1")
    assert [f["start"] for f in response.json()["findings"]] == [8]
    latin = "Café: a blacklist".encode("latin-1")
    response = client.post(API, latin, content_type="text/plain")
    assert response.status_code == 400
    assert "not valid utf-8" in response.json()["error"]


def test_the_api_needs_no_csrf_token() -> None:
    strict = Client(enforce_csrf_checks=True)
    assert _post_json(strict, {"text": "blacklist"}).status_code == 200


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ("{not json", "application/json", "The body is not valid JSON (Expecting property name"),
        ("text=blacklist", "application/x-www-form-urlencoded", "The body is not valid JSON"),
        ('["blacklist"]', "application/json", "The JSON body is an array"),
        ('{"words": "blacklist"}', "application/json", 'has no "text" field'),
        ('{"text": 42}', "application/json", '"text" must be a string; it is a number.'),
        ('{"text": null}', "application/json", '"text" must be a string; it is null.'),
        ("", "application/json", "The request body is empty"),
        ("", "text/plain", "The request body is empty"),
    ],
)
def test_the_api_explains_a_bad_request(
    client: Client, body: str, content_type: str, message: str
) -> None:
    response = client.post(API, body, content_type=content_type)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["error"]


def test_the_api_refuses_text_over_the_limit_with_413(client: Client) -> None:
    response = _post_json(client, {"text": "é" * (MAX_TEXT_CHARS + 1)})
    assert response.status_code == 413
    assert "50,001 characters" in response.json()["error"]
    assert _post_json(client, {"text": "é" * MAX_TEXT_CHARS}).status_code == 200


def test_the_api_answers_get_with_a_json_405(client: Client) -> None:
    response = client.get(API)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Use POST" in response.json()["error"]
