"""The guide's back office: who may use it, editing an entry, stale and repeated
submits, removal, import (all or nothing), export, versions and restore.

Most tests start from the small test guide saved as version 1, so saves are quick."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from equitylens.audit.models import LogEntry
from equitylens.language.models import GuideVersion
from equitylens.language.services import guide_store
from equitylens.language.services.guide import load_guide_text
from tests.factories import make_coordinator, make_user
from tests.language.conftest import SMALL_GUIDE

pytestmark = pytest.mark.django_db

MANAGE = reverse("language:manage")
EDIT_HOMELESS = reverse("language:entry_edit", args=["the-homeless"])


@pytest.fixture(autouse=True)
def fresh_guide_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    guide_store.forget_cached_checker()
    yield


@pytest.fixture
def coordinator() -> Any:
    return make_coordinator()


@pytest.fixture
def office(client: Client, coordinator: Any) -> Client:
    """A signed-in coordinator, with the small guide in use as version 1."""
    guide_store.save_version(SMALL_GUIDE, "Small guide", coordinator)
    client.force_login(coordinator)
    return client


def homeless_form(**changes: Any) -> dict[str, Any]:
    """The edit form for the-homeless as the page fills it in, with `changes`."""
    data: dict[str, Any] = {
        "category": "socioeconomic_housing",
        "term": "homeless",
        "variants": "homeless",
        "alternatives": "people experiencing homelessness",
        "explanation": "Naming a housing situation as a group noun defines people by one circumstance.",
        "sources": ["test-source"],
        "severity": "suggestion",
        "note": "Added houseless",
        "based_on": "1",
        "rule-TOTAL_FORMS": "5",
        "rule-INITIAL_FORMS": "1",
        "rule-0-rule": "standalone",
    }
    for row in range(1, 5):
        data |= {f"rule-{row}-rule": "", f"rule-{row}-words": "", f"rule-{row}-text": ""}
    return data | changes


def yaml_file(text: str, name: str = "guide.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/yaml")


MANAGE_URLS = [
    MANAGE,
    reverse("language:entry_new"),
    EDIT_HOMELESS,
    reverse("language:import"),
    reverse("language:export"),
    reverse("language:versions"),
    reverse("language:version", args=[1]),
]


@pytest.mark.parametrize("url", MANAGE_URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client: Client, url: str) -> None:
    guide_store.save_version(SMALL_GUIDE, "Small guide", None)
    for response in (client.get(url), client.post(url, {"note": "x"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert GuideVersion.objects.count() == 1


@pytest.mark.parametrize("url", MANAGE_URLS)
def test_learners_are_refused(client: Client, url: str) -> None:
    guide_store.save_version(SMALL_GUIDE, "Small guide", None)
    client.force_login(make_user())
    assert client.get(url).status_code == 403
    assert client.post(url, homeless_form(variants="homeless\nhouseless")).status_code == 403
    assert GuideVersion.objects.count() == 1


def test_the_edit_form_is_filled_in_from_the_entry(office: Client) -> None:
    html = office.get(EDIT_HOMELESS).content.decode()
    assert 'name="based_on" value="1"' in html
    assert '<option value="standalone" selected>' in html
    assert "Remove this entry" in html and 'name="id"' not in html
    assert html.count('name="rule-') >= 15  # 1 rule + 4 empty rows, 3 fields each


def test_editing_an_entry_saves_the_next_version_and_the_checker_uses_it(
    office: Client, coordinator: Any
) -> None:
    assert guide_store.current_checker().check("The houseless wait.") == []
    response = office.post(
        EDIT_HOMELESS, homeless_form(variants="homeless\nhouseless"), follow=True
    )
    assert "Saved “homeless” as version 2." in response.content.decode()
    version = GuideVersion.objects.get(number=2)
    assert (version.note, version.created_by, version.entries) == (
        "Added houseless",
        coordinator,
        9,
    )
    findings = guide_store.current_checker().check("The houseless wait.")
    assert [(f.entry, f.text) for f in findings] == [("the-homeless", "houseless")]
    log = LogEntry.objects.get(action="language.guide_saved", object_id=str(version.pk))
    assert log.actor == coordinator and log.data["note"] == "Added houseless"
    # Only the edited entry's lines changed; the rest of the file is as written.
    old, new = SMALL_GUIDE.splitlines(), version.yaml_text.splitlines()
    start = old.index("  - id: the-homeless")
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    assert changed and all(start < i <= start + 10 for i in changed)


def test_context_rule_rows_are_saved_as_rules(office: Client) -> None:
    form = homeless_form(
        **{"rule-1-rule": "except_in", "rule-1-words": "Homeless Shelter, homeless services"}
    )
    office.post(EDIT_HOMELESS, form)
    entry = guide_store.current_guide().by_id["the-homeless"]
    assert [(r.rule, r.phrases) for r in entry.context] == [
        ("standalone", ()),
        ("except_in", ("homeless shelter", "homeless services")),
    ]


def test_a_form_matched_by_another_entry_is_shown_and_nothing_saved(office: Client) -> None:
    response = office.post(EDIT_HOMELESS, homeless_form(variants="homeless\nblacklist"))
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html
    assert "the form &#x27;blacklist&#x27; is already matched by" in html
    assert 'id="id_variants_error"' in html
    assert GuideVersion.objects.count() == 1


def test_form_rules_name_the_field_and_the_fix(office: Client) -> None:
    form = homeless_form(
        variants="Homeless", explanation="Too short.", alternatives="a\nb\nc\nd\ne\nf", note=""
    ) | {"rule-1-words": "orphan words"}
    html = office.post(EDIT_HOMELESS, form).content.decode()
    assert "Write forms in lower case (or tick “Case sensitive”): Homeless" in html
    assert "Give 1 to 5 alternatives; you gave 6." in html
    assert "The explanation must be 40 to 300 characters; it has 10." in html
    assert "Choose a rule type for these words, or clear them." in html
    assert "This field is required." in html  # What changed
    assert GuideVersion.objects.count() == 1


def test_a_stale_form_is_refused(office: Client, coordinator: Any) -> None:
    office.post(EDIT_HOMELESS, homeless_form(variants="homeless\nhouseless"))
    coordinator.first_name, coordinator.last_name = "Ada", "Byron"
    coordinator.save()
    html = office.post(
        EDIT_HOMELESS, homeless_form(variants="homeless\nunhoused", based_on="1")
    ).content.decode()
    assert "The guide changed since you opened this form (version 2 by Ada Byron)" in html
    assert GuideVersion.objects.count() == 2
    assert "unhoused" not in guide_store.current_yaml()


def test_a_double_submit_saves_once(office: Client) -> None:
    form = homeless_form(variants="homeless\nhouseless")
    office.post(EDIT_HOMELESS, form)
    response = office.post(EDIT_HOMELESS, form, follow=True)
    assert "No change: the guide already says this." in response.content.decode()
    assert GuideVersion.objects.count() == 2


def test_adding_an_entry_places_it_with_its_category(office: Client) -> None:
    form = homeless_form(id="unhoused-noun", term="the unhoused", variants="unhoused", note="New")
    response = office.post(reverse("language:entry_new"), form)
    assert response.status_code == 302
    guide = guide_store.current_guide()
    ids = [e.id for e in guide.entries]
    assert ids.index("unhoused-noun") == ids.index("the-homeless") + 1
    again = office.post(reverse("language:entry_new"), form | {"based_on": "2"})
    assert "The id “unhoused-noun” is already used by “the unhoused”" in again.content.decode()


def test_removing_an_entry_asks_first(office: Client) -> None:
    form = homeless_form(remove="on", note="Dropped")
    html = office.post(EDIT_HOMELESS, form).content.decode()
    assert "Remove “homeless” from the guide?" in html
    assert GuideVersion.objects.count() == 1
    office.post(
        EDIT_HOMELESS, {"remove": "on", "confirm": "yes", "note": "Dropped", "based_on": "1"}
    )
    assert "the-homeless" not in guide_store.current_guide().by_id
    assert GuideVersion.objects.get(number=2).note == "Dropped"


def test_import_lists_every_problem_and_saves_nothing(office: Client) -> None:
    broken = (
        SMALL_GUIDE.replace("id: master-slave", "id: blacklist", 1)
        .replace(
            "sources: [test-source]\n    severity: caution\n    context:\n      - rule: quoted",
            "sources: [no-such-source]\n    severity: caution\n    context:\n      - rule: quoted",
            1,
        )
        .replace("variants: [illegals]", "variants: [illegals, blacklist]", 1)
    )
    html = office.post(reverse("language:import"), {"file": yaml_file(broken)}).content.decode()
    assert "Nothing imported: 3 problems" in html
    assert "entry 8 (blacklist): the id is already used by entry 3" in html
    assert "source &#x27;no-such-source&#x27; is not listed under sources" in html
    assert "the form &#x27;blacklist&#x27; is already matched by blacklist" in html
    assert GuideVersion.objects.count() == 1


def test_import_refuses_files_it_cannot_read(office: Client) -> None:
    url = reverse("language:import")
    assert (
        "is not a .yaml or .yml file"
        in office.post(url, {"file": yaml_file("x", "g.txt")}).content.decode()
    )
    bad = SimpleUploadedFile("g.yaml", b"title: caf\xe9", content_type="text/yaml")
    assert "is not UTF-8 text (byte 11)" in office.post(url, {"file": bad}).content.decode()
    big = yaml_file("#" * (2 * 1024 * 1024 + 1), "big.yaml")
    assert "the limit is 2 MB" in office.post(url, {"file": big}).content.decode()
    assert "Choose a YAML file or paste" in office.post(url, {}).content.decode()
    assert GuideVersion.objects.count() == 1


def test_export_then_import_gives_the_same_guide(office: Client) -> None:
    exported = office.get(reverse("language:export"))
    assert exported["Content-Type"] == "text/yaml; charset=utf-8"
    assert 'filename="equity-lens-guide-v1.yaml"' in exported["Content-Disposition"]
    text = exported.content.decode()
    office.post(EDIT_HOMELESS, homeless_form(variants="homeless\nhouseless"))
    response = office.post(
        reverse("language:import"), {"file": yaml_file(text, "equity-lens-guide-v1.yaml")}
    )
    assert response.status_code == 302
    third = GuideVersion.objects.get(number=3)
    assert third.note == "Imported from equity-lens-guide-v1.yaml"
    assert load_guide_text(third.yaml_text) == load_guide_text(SMALL_GUIDE)
    assert guide_store.current_checker().check("The houseless wait.") == []


def test_pasted_yaml_is_imported(office: Client) -> None:
    pasted = SMALL_GUIDE.replace("title: Test guide", "title: Pasted guide")
    office.post(reverse("language:import"), {"text": pasted})
    assert guide_store.current_guide().title == "Pasted guide"
    assert GuideVersion.objects.get(number=2).note == "Imported from pasted YAML"


def test_versions_list_export_and_restore(office: Client) -> None:
    office.post(EDIT_HOMELESS, homeless_form(variants="homeless\nhouseless"))
    html = office.get(reverse("language:versions")).content.decode()
    assert "Version 2</a> (in use)" in html and "Added houseless" in html
    old = office.get(reverse("language:export"), {"version": "1"})
    assert 'filename="equity-lens-guide-v1.yaml"' in old["Content-Disposition"]
    assert old.content.decode() == SMALL_GUIDE
    diff = office.get(reverse("language:version", args=[2])).content.decode()
    assert re.search(r"Changed \(1\)</h3><ul><li>the-homeless</li>", diff)
    office.post(reverse("language:version", args=[1]))
    restored = GuideVersion.objects.get(number=3)
    assert restored.note == "Restored version 1" and restored.yaml_text == SMALL_GUIDE
    assert LogEntry.objects.filter(action="language.guide_saved").count() == 2
    assert office.get(reverse("language:export"), {"version": "x"}).status_code == 400
    assert office.get(reverse("language:version", args=[9])).status_code == 404


def test_manage_list_searches_and_rejects_unknown_categories(office: Client) -> None:
    html = office.get(MANAGE, {"q": "homeless"}).content.decode()
    assert "1 of 9 entries." in html and EDIT_HOMELESS in html
    assert office.get(MANAGE, {"category": "nope"}).status_code == 400


def test_the_first_save_on_the_shipped_guide_keeps_the_file(client: Client) -> None:
    """No versions yet: the form is based on version 0 and the shipped file is edited."""
    coordinator = make_coordinator()
    client.force_login(coordinator)
    url = reverse("language:entry_edit", args=["caucasian"])
    html = client.get(url).content.decode()
    assert 'name="based_on" value="0"' in html
    data = {
        "category": "race_ethnicity",
        "term": "Caucasian",
        "variants": "caucasian\ncaucasians",
        "alternatives": "White\nEuropean American (when that is what is meant)",
        "explanation": yaml.safe_load(guide_store.current_yaml())["entries"][3]["explanation"],
        "sources": ["flanagin-2021", "ama-aamc-2021", "apa-bias-free"],
        "severity": "suggestion",
        "note": "Fine before 'peoples' too",
        "based_on": "0",
        "rule-TOTAL_FORMS": "6",
        "rule-INITIAL_FORMS": "2",
        "rule-0-rule": "unless_followed_by",
        "rule-0-words": "languages, language, mountains, region, countries, peoples",
        "rule-1-rule": "note",
        "rule-1-text": "Fine when referring to the Caucasus region or its languages.",
    }
    client.post(url, data)
    text = GuideVersion.objects.get(number=1).yaml_text
    assert text.startswith("# Equity Lens default inclusive-language guide.")
    assert '"countries", "peoples"]}' in text
