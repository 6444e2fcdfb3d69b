"""Every rule a save breaks is named at its field and in the summary, and nothing changes."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from equitylens.audit.models import LogEntry
from equitylens.catalog.models import Activity, ActivityStatus, CreditOffering, Topic
from tests.coordinator.posts import activity_post, edit_post
from tests.factories import make_activity, make_offering, make_organization

NEW = reverse("coordinator:activity_new")


def summary_links(response) -> list[str]:
    """The error summary's lines as "anchor → text"."""
    page = html.unescape(response.content.decode())
    start = page.index('id="error-summary"')
    block = page[start : page.index("</div>", start)]
    links = []
    for part in block.split('<li><a href="#')[1:]:
        anchor, _, rest = part.partition('">')
        links.append(f"{anchor} → {rest.partition('</a>')[0]}")
    return links


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {"credits": {"ama_pra_1": "1.3"}},
            "id_credit-ama_pra_1-amount → AMA PRA Category 1 Credit™ — Maximum credit: "
            "Credit is designated in 0.25 steps; 1.3 is not one. Use 1.25 or 1.5.",
            id="quarter-steps",
        ),
        pytest.param(
            {"credits": {"ama_pra_1": "2.5"}, "duration_minutes": "120"},
            "id_credit-ama_pra_1-amount → AMA PRA Category 1 Credit™ — Maximum credit: "
            "A live activity cannot designate more AMA PRA Category 1 credit than it lasts: "
            "2.5 credits for 120 minutes (at most 2.0).",
            id="live-credit-above-duration",
        ),
        pytest.param(
            {
                "format": "enduring",
                "starts_on": "2027-01-01",
                "ends_on": "2030-01-02",
                "credits": {"ama_pra_1": "1.0"},
            },
            "id_ends_on → Expiration date: Enduring material is approved for at most 3 years; "
            "with release on Jan 01, 2027 the latest expiration date is Jan 01, 2030.",
            id="enduring-over-three-years",
        ),
        pytest.param(
            {"format": "enduring", "starts_on": "2027-01-01", "ends_on": "2026-12-01"},
            "id_ends_on → Expiration date: Must be after the release date.",
            id="enduring-expires-before-release",
        ),
        pytest.param(
            {"starts_on": "2027-03-02", "ends_on": "2027-03-01"},
            "id_ends_on → End date: The end date is before the start date (Mar 02, 2027). "
            "Use the start date or a later day.",
            id="live-ends-before-it-starts",
        ),
        pytest.param(
            {"audience": "internal"},
            "id_internal_organizations_0 → Organizations whose people may take part: "
            "An internal activity must name the organization(s) whose people may take part. "
            "Tick at least one, or choose another audience.",
            id="internal-without-organizations",
        ),
        pytest.param(
            {"attendance_code_days": "0"},
            "id_attendance_code_days → Attendance codes work for (days): Enter at least 1 day.",
            id="code-days-at-least-one",
        ),
        pytest.param(
            {"credits": {"nursing": "0"}},
            "id_credit-nursing-amount → Nursing contact hours (ANCC) — Maximum credit: "
            "The maximum credit must be more than 0.",
            id="zero-credit",
        ),
    ],
)
def test_a_refused_new_activity_names_the_field_and_the_fix(
    coordinator_client, overrides, expected
):
    make_organization("Riverbend Health")  # so the internal audience has a box to tick
    response = coordinator_client.post(NEW, activity_post(**overrides))

    assert response.status_code == 200
    assert expected in summary_links(response)
    assert Activity.objects.count() == 0
    assert CreditOffering.objects.count() == 0


def test_the_message_is_also_shown_next_to_the_field(coordinator_client):
    response = coordinator_client.post(NEW, activity_post(credits={"ama_pra_1": "1.3"}))

    page = response.content.decode()
    assert '<ul class="errorlist" id="id_credit-ama_pra_1-amount_error">' in page
    assert (
        'aria-invalid="true" aria-describedby="id_credit-ama_pra_1-amount_helptext '
        'id_credit-ama_pra_1-amount_error"' in page
    )


def test_a_refused_save_creates_no_new_topics(coordinator_client):
    coordinator_client.post(
        NEW, activity_post(new_topics="Maternal health", credits={"ama_pra_1": "1.3"})
    )

    assert not Topic.objects.exists()


def test_a_web_address_used_by_another_activity_is_refused(coordinator_client):
    make_activity("Other workshop", slug="bias-workshop")

    response = coordinator_client.post(NEW, activity_post(slug="bias-workshop"))

    assert (
        "id_slug → Web address: “bias-workshop” is already used by “Other workshop”. "
        "Choose another, for example “bias-workshop-2”." in summary_links(response)
    )
    assert Activity.objects.count() == 1


def test_a_refused_edit_changes_nothing(coordinator_client):
    make_activity("Other", slug="taken")
    activity = make_activity(
        "Original", slug="original", status=ActivityStatus.IN_DEVELOPMENT, objectives=("One",)
    )
    make_offering(activity, amount="2.0")
    post = edit_post(
        activity,
        title="Changed",
        slug="taken",
        objectives=["Replaced"],
        credits={"ama_pra_1": "1.3", "nursing": "1.0"},
    )

    response = coordinator_client.post(
        reverse("coordinator:activity_edit", kwargs={"slug": "original"}), post
    )

    activity.refresh_from_db()
    assert response.status_code == 200
    assert len(summary_links(response)) == 2
    assert (activity.title, activity.slug) == ("Original", "original")
    assert list(activity.objectives.values_list("text", flat=True)) == ["One"]
    assert list(activity.credit_offerings.values_list("credit_type", "amount")) == [
        ("ama_pra_1", 2)
    ]
    assert not LogEntry.objects.filter(action="activity.updated").exists()


def test_an_open_activity_cannot_lose_its_last_objective_or_credit(coordinator_client):
    activity = make_activity(status=ActivityStatus.OPEN, objectives=("Only one",))
    make_offering(activity)
    post = edit_post(activity, objectives=[], credits={})

    response = coordinator_client.post(
        reverse("coordinator:activity_edit", kwargs={"slug": activity.slug}), post
    )

    links = summary_links(response)
    assert (
        "objectives → Learning objectives: An open activity needs at least one learning "
        "objective. Add one, or close the activity first." in links
    )
    assert (
        "credits → Credit: An open activity must offer at least one type of credit. "
        "Enter a maximum credit." in links
    )
    assert activity.objectives.count() == 1 and activity.credit_offerings.count() == 1


def test_a_refused_form_shows_the_objectives_in_the_order_chosen(coordinator_client):
    post = activity_post(objectives=["Second", "First"], credits={"ama_pra_1": "1.3"})
    post["objectives-0-ORDER"], post["objectives-1-ORDER"] = "2", "1"

    page = coordinator_client.post(NEW, post).content.decode()

    assert page.index("First</textarea>") < page.index("Second</textarea>")
