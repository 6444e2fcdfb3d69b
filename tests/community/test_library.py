"""The resource library: file type and size checks, file or link, download permission."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from equitylens.audit.models import LogEntry
from equitylens.community.models import Resource
from equitylens.community.services import library
from equitylens.community.services.library import (
    ResourceInput,
    add_resource,
    delete_resource,
    edit_resource,
    search_resources,
)
from equitylens.community.services.membership import CommunityRuleError
from tests.community.factories_community import (
    PNG_BYTES,
    make_application,
    make_link_resource,
    make_member,
    office_bytes,
    pdf_upload,
)
from tests.factories import make_coordinator, make_learner, make_topic

pytestmark = pytest.mark.django_db


def given(**extra: Any) -> ResourceInput:
    values: dict[str, Any] = {
        "title": "Interpreter services guide",
        "kind": "guide",
        "description": "How to book an interpreter in under five minutes.",
        "topics": [],
    }
    values.update(extra)
    return ResourceInput(**values)


def refused_field(data: ResourceInput) -> str | None:
    with pytest.raises(CommunityRuleError) as refused:
        add_resource(data, by=None)
    assert not Resource.objects.exists()
    return refused.value.field


def test_a_pdf_file_is_added_with_its_topics_and_logged() -> None:
    topic = make_topic("Health equity")
    resource = add_resource(given(file=pdf_upload(), topics=[topic]), by=make_coordinator())
    assert resource.file.name.startswith("community/resources/guide")
    assert list(resource.topics.all()) == [topic]
    assert resource.url == ""
    assert LogEntry.objects.filter(action="community.resource_added").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deck.pptx", office_bytes("ppt/")),
        ("sheet.xlsx", office_bytes("xl/")),
        ("letter.docx", office_bytes("word/")),
        ("chart.png", PNG_BYTES),
        ("photo.JPEG", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        ("clip.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 8),
    ],
)
def test_every_allowed_type_is_accepted(name: str, content: bytes) -> None:
    add_resource(given(file=SimpleUploadedFile(name, content)), by=None)
    assert Resource.objects.count() == 1


def test_a_link_resource_needs_https() -> None:
    assert refused_field(given(url="http://example.org/guide")) == "url"
    assert refused_field(given(url="javascript:alert(1)")) == "url"
    resource = add_resource(given(url="https://example.org/guide"), by=None)
    assert resource.url == "https://example.org/guide" and not resource.file


def test_exactly_one_of_file_or_link() -> None:
    assert refused_field(given()) == "file"
    assert refused_field(given(file=pdf_upload(), url="https://example.org/x")) == "url"


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("script.exe", b"MZ\x90\x00", "is not one of these"),
        ("notes.txt", b"hello", "is not one of these"),
        ("fake.pdf", b"<html>not a pdf</html>", "is not really a .pdf"),
        ("fake.docx", office_bytes("ppt/"), "is not really a .docx"),
        ("fake.png", b"GIF89a" + b"\x00" * 10, "is not really a .png"),
        ("fake.mp4", b"\x00" * 16, "is not really a .mp4"),
    ],
)
def test_wrong_types_and_disguised_files_are_refused(name: str, content: bytes, says: str) -> None:
    with pytest.raises(CommunityRuleError, match=says) as refused:
        add_resource(given(file=SimpleUploadedFile(name, content)), by=None)
    assert refused.value.field == "file"
    assert not Resource.objects.exists()


def test_files_over_25_mb_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library, "MAX_FILE_BYTES", 1024)
    big = pdf_upload(content=b"%PDF-1.4\n" + b"0" * 2048)
    with pytest.raises(CommunityRuleError, match="at most 25 MB"):
        add_resource(given(file=big), by=None)
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("title", " "), ("description", ""), ("kind", "podcast")]
)
def test_title_kind_and_description_are_required(field: str, value: str) -> None:
    assert refused_field(given(url="https://example.org/x", **{field: value})) == field


def test_editing_swaps_a_file_for_a_link_and_removes_the_old_file(
    django_capture_on_commit_callbacks: Any,
) -> None:
    resource = add_resource(given(file=pdf_upload()), by=None)
    storage, old_name = resource.file.storage, resource.file.name
    assert storage.exists(old_name)
    with django_capture_on_commit_callbacks(execute=True):
        edit_resource(resource, given(url="https://example.org/new", title="Renamed"), by=None)
    resource.refresh_from_db()
    assert resource.title == "Renamed" and resource.url == "https://example.org/new"
    assert not resource.file
    assert not storage.exists(old_name)


def test_editing_without_a_new_file_keeps_the_file() -> None:
    resource = add_resource(given(file=pdf_upload()), by=None)
    name = resource.file.name
    edit_resource(resource, given(description="Updated."), by=None)
    resource.refresh_from_db()
    assert resource.file.name == name and resource.description == "Updated."


def test_deleting_removes_the_row_and_the_file(django_capture_on_commit_callbacks: Any) -> None:
    resource = add_resource(given(file=pdf_upload()), by=None)
    storage, name = resource.file.storage, resource.file.name
    with django_capture_on_commit_callbacks(execute=True):
        delete_resource(resource, by=None)
        delete_resource(resource, by=None)  # a double click changes nothing
    assert not Resource.objects.exists()
    assert not storage.exists(name)


def test_search_by_words_topic_and_kind() -> None:
    bias = make_topic("Implicit bias")
    guide = make_link_resource("Language access toolkit")
    report = make_link_resource(
        "Bias in triage", kind="report", description="A study of emergency triage."
    )
    report.topics.add(bias)
    assert list(search_resources("toolkit")) == [guide]
    assert list(search_resources("triage study")) == [report]
    assert list(search_resources(topic="implicit-bias")) == [report]
    assert list(search_resources(kind="guide")) == [guide]
    assert list(search_resources()) == [report, guide]


def test_library_page_shows_items_and_filters() -> None:
    member = make_member()
    make_link_resource("Language access toolkit")
    file_resource = add_resource(given(file=pdf_upload(), title="Equity huddle guide"), by=None)
    client = Client()
    client.force_login(member.user)
    html = client.get(reverse("community:library")).content.decode()
    assert "Language access toolkit" in html and "Equity huddle guide" in html
    assert 'href="https://example.org/language-access"' in html
    assert reverse("community:resource_file", args=[file_resource.pk]) in html
    assert "/media/" not in html
    filtered = client.get(reverse("community:library"), {"kind": "report"}).content.decode()
    assert "Language access toolkit" not in filtered
    assert "0 resources match your filters" in filtered


def test_only_members_download_files() -> None:
    resource = add_resource(given(file=pdf_upload()), by=None)
    url = reverse("community:resource_file", args=[resource.pk])
    member = make_member()
    client = Client()
    client.force_login(member.user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    assert "attachment" in response["Content-Disposition"]

    applicant = Client()
    applicant.force_login(make_application().user)
    assert applicant.get(url).status_code == 403
    outsider = Client()
    outsider.force_login(make_learner())
    assert outsider.get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_a_link_resource_has_no_file_to_download() -> None:
    resource = make_link_resource()
    client = Client()
    client.force_login(make_member().user)
    assert client.get(reverse("community:resource_file", args=[resource.pk])).status_code == 404
