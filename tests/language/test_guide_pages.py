"""The public guide: grouped entries, search, category filter, one-entry pages, and the
"when it is fine" wording generated from each kind of context rule."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from equitylens.language.models import GuideVersion
from equitylens.language.services import guide_store
from equitylens.language.services.guide import ContextRule, default_guide
from equitylens.language.services.guide_editing import category_label, fine_when, search_entries
from tests.language.conftest import SMALL_GUIDE

pytestmark = pytest.mark.django_db

GUIDE = reverse("language:guide")


@pytest.fixture(autouse=True)
def fresh_guide_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    guide_store.forget_cached_checker()
    yield


def status(html: str) -> str:
    found = re.search(r'<p class="guide-count" role="status">(.*?)</p>', html, re.S)
    assert found, "no role=status result count"
    return found[1]


def entry_ids(html: str) -> list[str]:
    return re.findall(r'<article class="guide-entry" id="([a-z0-9-]+)">', html)


def test_the_guide_shows_every_entry_grouped_by_category_in_plain_words(client: Client) -> None:
    html = client.get(GUIDE).content.decode()
    guide = default_guide()
    assert entry_ids(html) == [
        e.id for c in guide.categories for e in guide.entries if e.category == c
    ]
    assert status(html) == f"{len(guide.entries)} entries."
    assert '<h2 id="guide-group-1">Race and ethnicity</h2>' in html
    assert "Income, class and housing" in html and "socioeconomic_housing</h2>" not in html
    assert "The guide as shipped with Equity Lens." in html
    assert f'href="{reverse("language:check")}"' in html


def test_an_entry_shows_term_alternatives_why_notes_and_sources(client: Client) -> None:
    html = client.get(GUIDE, {"q": "caucasian"}).content.decode()
    assert entry_ids(html) == ["caucasian"]
    assert "<li>European American (when that is what is meant)</li>" in html
    assert "discredited racial classification" in html
    assert "Fine when referring to the Caucasus region or its languages." in html
    assert "Fine before: languages, language, mountains, region, countries" in html
    assert "Updated Guidance on the Reporting of Race and Ethnicity" in html and ", 2021." in html


def test_source_links_are_shown_when_the_source_has_a_url(client: Client) -> None:
    html = client.get(GUIDE, {"q": "addict"}).content.decode()
    assert '<a href="https://nida.nih.gov/research-topics/addiction-science/' in html


def test_search_is_case_insensitive_and_reads_forms_alternatives_and_explanations(
    client: Client,
) -> None:
    by_term = entry_ids(client.get(GUIDE, {"q": "HOMELESS"}).content.decode())
    assert "the-homeless" in by_term
    by_alternative = client.get(GUIDE, {"q": "people experiencing homelessness"}).content.decode()
    assert "the-homeless" in entry_ids(by_alternative)
    by_explanation = entry_ids(client.get(GUIDE, {"q": "discredited racial"}).content.decode())
    assert by_explanation == ["caucasian"]
    by_hyphenless = entry_ids(client.get(GUIDE, {"q": "noncompliant"}).content.decode())
    assert by_hyphenless and all(
        "compliant" in " ".join(default_guide().by_id[i].variants).replace("-", "")
        or "compliant" in default_guide().by_id[i].explanation.casefold()
        for i in by_hyphenless
    )
    text = status(client.get(GUIDE, {"q": "discredited racial"}).content.decode())
    assert text == f"1 of {len(default_guide().entries)} entries match for “discredited racial”."


def test_category_filter_keeps_only_that_category(client: Client) -> None:
    html = client.get(GUIDE, {"category": "disability"}).content.decode()
    ids = entry_ids(html)
    assert ids and all(default_guide().by_id[i].category == "disability" for i in ids)
    assert len(ids) == len([e for e in default_guide().entries if e.category == "disability"])
    assert "in Disability." in status(html)


def test_unknown_category_is_refused_with_a_message(client: Client) -> None:
    response = client.get(GUIDE, {"category": "astrology"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is no category “astrology”." in html and 'role="alert"' in html
    assert entry_ids(html) == []


def test_no_match_says_so(client: Client) -> None:
    html = client.get(GUIDE, {"q": "zzqxj"}).content.decode()
    assert entry_ids(html) == []
    assert status(html).startswith("No entries match for “zzqxj”.")


def test_one_entry_page_and_unknown_entry(client: Client) -> None:
    html = client.get(reverse("language:entry", args=["the-homeless"])).content.decode()
    assert "<h1>the homeless</h1>" in html
    assert entry_ids(html) == ["the-homeless"]
    assert "Fine as an adjective before a noun: “homeless shelter”" in html
    assert client.get(reverse("language:entry", args=["no-such-entry"])).status_code == 404


def test_the_page_names_the_saved_version_in_use(client: Client) -> None:
    guide_store.save_version(SMALL_GUIDE, "Small guide", None)
    html = client.get(GUIDE).content.decode()
    assert "Guide version 1, updated" in html
    assert entry_ids(html)[0] == "blacks-noun"  # race_ethnicity first
    assert status(html) == "9 entries."
    assert GuideVersion.objects.count() == 1


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (ContextRule("standalone"), "Fine as an adjective before a noun: “homeless shelter”"),
        (
            ContextRule("unless_followed_by", words=("foot", "ketoacidosis")),
            "Fine before: foot, ketoacidosis",
        ),
        (ContextRule("unless_preceded_by", words=("type",)), "Fine after: type"),
        (
            ContextRule("only_when_followed_by", words=("people",)),
            "Fine unless followed by: people",
        ),
        (
            ContextRule("only_when_preceded_by", words=("the", "a")),
            "Fine unless preceded by: the, a",
        ),
        (ContextRule("except_in", phrases=("black box warning",)), "Fine in: black box warning"),
        (ContextRule("quoted_ok"), "Fine inside quotation marks"),
    ],
)
def test_when_it_is_fine_in_plain_words(rule: ContextRule, expected: str) -> None:
    homeless = default_guide().by_id["the-homeless"]
    text = fine_when(rule, homeless)
    assert text is not None and text.startswith(expected)


def test_notes_are_not_rules_and_long_word_lists_are_shortened() -> None:
    assert fine_when(ContextRule("note", text="A remark")) is None
    words = tuple(f"w{i}" for i in range(12))
    assert fine_when(ContextRule("unless_followed_by", words=words)) == (
        "Fine before: w0, w1, w2, w3, w4, w5, w6, w7…"
    )


def test_search_and_labels_as_functions() -> None:
    guide = default_guide()
    assert [e.id for e in search_entries(guide, "homeless", "age")] == []
    assert category_label("body_size") == "Body size"
