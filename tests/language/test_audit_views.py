"""The clinical-note audit pages: who gets in, the upload form, progress and the results."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equitylens.accounts.models import MembershipRole, Organization, User
from equitylens.language.models import AuditStatus, NoteAudit
from equitylens.language.services import audit_jobs
from tests.factories import make_coordinator, make_membership, make_organization, make_user

pytestmark = pytest.mark.django_db

HEADER = "note_id,patient_id,text,race_ethnicity,sex\n"
ROWS = (
    "n1,p1,Patient was agitated overnight.,White,Female\nn2,p2,Calm and cooperative.,Black,Male\n"
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NOTE_AUDIT_WORKERS = 1  # small files: no process pool to start


def person_in(organization: Organization, role: str) -> User:
    user = make_user()
    make_membership(user, organization, role=role)
    return user


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def an_audit(
    organization: Organization, status: str = AuditStatus.QUEUED, **extra: Any
) -> NoteAudit:
    return NoteAudit.objects.create(
        organization=organization,
        notes_file=SimpleUploadedFile("notes.csv", (HEADER + ROWS).encode()),
        original_name="ward-notes.csv",
        size_bytes=2048,
        groups=["race_ethnicity"],
        status=status,
        **extra,
    )


def done_audit(organization: Organization) -> NoteAudit:
    """A done audit with its three result files in place (contents are placeholders)."""
    audit = an_audit(organization, AuditStatus.DONE, progress=100, finished_at=timezone.now())
    audit.result_dir = f"{audit_jobs.RESULTS_ROOT}/{audit.pk}"
    audit.save()
    folder = Path(audit.notes_file.storage.path(audit.result_dir))
    folder.mkdir(parents=True)
    for name in audit_jobs.RESULT_FILES:
        (folder / name).write_text(f"contents of {name}")
    (folder / "secret.txt").write_text("not served")
    return audit


def downloaded(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def urls_of(audit: NoteAudit) -> list[str]:
    return [
        reverse("language:audits"),
        reverse("language:audit_new"),
        reverse("language:audit", kwargs={"pk": audit.pk}),
        reverse("language:audit_progress", kwargs={"pk": audit.pk}),
        reverse("language:audit_file", kwargs={"pk": audit.pk, "name": "summary.json"}),
    ]


# --- Who gets in ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [MembershipRole.ANALYST, MembershipRole.ORG_ADMIN])
def test_analysts_and_org_admins_of_the_organization_open_every_page(role: str) -> None:
    organization = make_organization()
    audit = done_audit(organization)
    client = signed_in(person_in(organization, role))
    for url in urls_of(audit):
        assert client.get(url).status_code == 200, url


def test_everyone_else_is_refused_on_every_page() -> None:
    organization = make_organization()
    audit = done_audit(organization)
    outsiders = [
        person_in(organization, MembershipRole.MEMBER),
        person_in(organization, MembershipRole.FACILITATOR),
        make_coordinator(),
        make_user(),
    ]
    for user in outsiders:
        client = signed_in(user)
        for url in urls_of(audit):
            assert client.get(url).status_code == 403, (user, url)
    anonymous = Client()
    for url in urls_of(audit):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_another_organizations_analyst_cannot_see_or_download_this_audit() -> None:
    organization, other = make_organization(), make_organization()
    audit = done_audit(organization)
    client = signed_in(person_in(other, MembershipRole.ANALYST))
    page = client.get(reverse("language:audits")).content.decode()
    assert "ward-notes.csv" not in page
    assert client.get(urls_of(audit)[2]).status_code == 403
    assert client.get(urls_of(audit)[4]).status_code == 403


def test_the_list_groups_audits_by_organization_for_people_in_several() -> None:
    first, second = make_organization("Riverbend Health"), make_organization("Lakeview Clinic")
    user = person_in(first, MembershipRole.ANALYST)
    make_membership(user, second, role=MembershipRole.ORG_ADMIN)
    an_audit(first)
    page = signed_in(user).get(reverse("language:audits")).content.decode()
    assert page.index("Lakeview Clinic") < page.index("Riverbend Health")
    assert "ward-notes.csv" in page and "2.0\xa0KB" in page and "Queued" in page
    assert "No audits yet." in page  # Lakeview has none


# --- The upload ----------------------------------------------------------------------------


def form_token(client: Client) -> str:
    page = client.get(reverse("language:audit_new")).content.decode()
    match = re.search(r'name="token" value="([^"]+)"', page)
    assert match
    return match.group(1)


def post_upload(client: Client, content: str, **fields: Any) -> Any:
    data = {
        "token": fields.pop("token", None) or form_token(client),
        "groups": "race_ethnicity",
        "reference": "",
        "notes_file": SimpleUploadedFile(fields.pop("name", "ward-notes.csv"), content.encode()),
        **fields,
    }
    return client.post(reverse("language:audit_new"), data)


def test_upload_errors_are_listed_and_linked_and_nothing_is_saved() -> None:
    organization = make_organization()
    client = signed_in(person_in(organization, MembershipRole.ANALYST))
    response = post_upload(
        client,
        "id,text,race_ethnicity\n1,a,White\n",
        groups="race_ethnicity, payer",
        reference="race_ethnicity White",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was uploaded" in page
    assert 'href="#id_notes_file">Notes file: The file has no note_id, patient_id columns' in page
    assert 'href="#id_groups">Patient-group columns: “payer” is not a column of the file' in page
    assert 'href="#id_reference">Reference groups (optional): Line 1' in page
    assert NoteAudit.objects.count() == 0
    assert not Path(audit_jobs.settings.MEDIA_ROOT).joinpath("language/audits").exists()


def test_a_file_over_the_configured_limit_is_refused(settings: Any) -> None:
    settings.NOTE_AUDIT_MAX_UPLOAD_MB = 1
    client = signed_in(person_in(make_organization(), MembershipRole.ANALYST))
    assert "up to 1 MB" in client.get(reverse("language:audit_new")).content.decode()
    response = post_upload(client, HEADER + ROWS * 20_000)
    assert response.status_code == 400
    assert "the limit is 1 MB" in response.content.decode()
    assert NoteAudit.objects.count() == 0


def test_a_good_upload_is_queued_once_even_when_sent_twice(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    enqueued: list[int] = []
    monkeypatch.setattr(audit_jobs, "run_note_audit_task", SimpleNamespace(enqueue=enqueued.append))
    organization = make_organization()
    client = signed_in(person_in(organization, MembershipRole.ANALYST))
    token = form_token(client)
    with django_capture_on_commit_callbacks(execute=True):
        first = post_upload(client, HEADER + ROWS, token=token, reference="race_ethnicity=White")
        second = post_upload(client, HEADER + ROWS, token=token, reference="race_ethnicity=White")
    audit = NoteAudit.objects.get()
    assert enqueued == [audit.pk]
    assert first["Location"] == second["Location"] == reverse("language:audit", args=[audit.pk])
    assert audit.organization == organization and audit.status == AuditStatus.QUEUED
    assert (audit.groups, audit.reference) == (["race_ethnicity"], {"race_ethnicity": "White"})
    page = client.get(first["Location"]).content.decode()
    assert "is uploaded and queued" in page and "waiting for the background worker" in page


def test_an_organization_not_ones_own_cannot_be_chosen() -> None:
    first, second = make_organization(), make_organization()
    user = person_in(first, MembershipRole.ANALYST)
    make_membership(user, second, role=MembershipRole.ANALYST)
    stranger = make_organization()
    client = signed_in(user)
    response = post_upload(client, HEADER + ROWS, organization=str(stranger.pk))
    assert response.status_code == 400
    assert "Choose one of your organizations." in response.content.decode()
    assert NoteAudit.objects.count() == 0


# --- Progress and results ------------------------------------------------------------------


def test_the_progress_fragment_polls_while_running_and_has_a_plain_refresh_link() -> None:
    organization = make_organization()
    audit = an_audit(organization, AuditStatus.RUNNING, progress=40, started_at=timezone.now())
    client = signed_in(person_in(organization, MembershipRole.ANALYST))
    url = reverse("language:audit_progress", args=[audit.pk])
    fragment = client.get(url, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert f'hx-get="{url}"' in html and 'hx-trigger="every 3s"' in html
    assert 'value="40">40%</progress>' in html and "40% done" in html
    assert f'href="{reverse("language:audit", args=[audit.pk])}"' in html  # Refresh, no JS
    assert "HX-Refresh" not in fragment.headers
    assert "no-cache" in fragment["Cache-Control"]
    NoteAudit.objects.filter(pk=audit.pk).update(status=AuditStatus.DONE, progress=100)
    finished = client.get(url, headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"
    assert "hx-trigger" not in finished.content.decode()


def test_a_failed_audit_shows_its_message() -> None:
    organization = make_organization()
    audit = an_audit(organization, AuditStatus.FAILED, error="The CSV file is not UTF-8 text.")
    client = signed_in(person_in(organization, MembershipRole.ANALYST))
    page = client.get(reverse("language:audit", args=[audit.pk])).content.decode()
    assert "The audit failed." in page and "The CSV file is not UTF-8 text." in page
    assert "hx-trigger" not in page


def test_result_files_download_as_uncached_attachments_and_only_the_three_names() -> None:
    organization = make_organization()
    audit = done_audit(organization)
    client = signed_in(person_in(organization, MembershipRole.ANALYST))
    for name in audit_jobs.RESULT_FILES:
        response = client.get(reverse("language:audit_file", args=[audit.pk, name]))
        assert response.status_code == 200
        assert downloaded(response) == f"contents of {name}".encode()
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        assert response["Cache-Control"] == "no-store"
    for name in ("secret.txt", "..%2Fsecret.txt", "report.htm"):
        assert client.get(f"/language/audits/{audit.pk}/files/{name}").status_code == 404
    queued = an_audit(organization)
    assert (
        client.get(reverse("language:audit_file", args=[queued.pk, "summary.json"])).status_code
        == 404
    )


def test_end_to_end_upload_runs_the_audit_and_shows_the_summary(
    django_capture_on_commit_callbacks: Any, tmp_path: Path
) -> None:
    from equitylens.language.services.audit.synthetic import write_notes

    write_notes(tmp_path / "notes.csv", 300, seed=5)
    organization = make_organization()
    client = signed_in(person_in(organization, MembershipRole.ANALYST))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("language:audit_new"),
            {
                "token": form_token(client),
                "groups": "race_ethnicity\nsex",
                "reference": "race_ethnicity=White",
                "notes_file": SimpleUploadedFile(
                    "synthetic.csv", (tmp_path / "notes.csv").read_bytes()
                ),
            },
        )
    audit = NoteAudit.objects.get()
    assert response["Location"] == reverse("language:audit", args=[audit.pk])
    audit.refresh_from_db()
    assert audit.status == AuditStatus.DONE, audit.error
    page = client.get(response["Location"]).content.decode()
    assert ">race_ethnicity — compared with White</caption>" in page
    assert "(reference)" in page and "Download the results" in page
    report = client.get(reverse("language:audit_file", args=[audit.pk, "report.html"]))
    assert b"<html" in downloaded(report).lower()
