"""Creating an activity through the back office form."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from equitylens.audit.models import LogEntry
from equitylens.catalog.models import Activity, ActivityStatus, CreditType
from tests.coordinator.posts import activity_post
from tests.factories import make_activity, make_topic

NEW = reverse("coordinator:activity_new")


def test_the_new_activity_form_offers_every_credit_type_and_prefills_the_contact(
    coordinator_client, coordinator
):
    page = coordinator_client.get(NEW).content.decode()

    for credit_type in CreditType:
        assert f'name="credit-{credit_type.value}-amount"' in page
        assert str(credit_type.label) in page
    assert f'value="{coordinator.email}"' in page
    assert "Start date" in page and "End date" in page


def test_creating_a_live_activity_saves_details_objectives_topics_and_credit(
    coordinator_client, coordinator
):
    equity = make_topic("Health equity")
    post = activity_post(
        objectives=["Recognize bias in triage.", "Apply two debiasing strategies."],
        credits={"ama_pra_1": "2.0", "participation": "2.0", "moc_abim": "2"},
        topics=[str(equity.pk)],
        new_topics="Emergency care, health EQUITY",
        **{
            "credit-ama_pra_1-eligible_professions": ["physician"],
            "credit-moc_abim-self_assessment": "on",
        },
    )

    response = coordinator_client.post(NEW, post)

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "coordinator:activity_edit", kwargs={"slug": "implicit-bias-in-triage"}
    )
    assert activity.slug == "implicit-bias-in-triage"
    assert activity.status == ActivityStatus.IN_DEVELOPMENT
    assert activity.created_by == coordinator
    assert list(activity.objectives.values_list("position", "text")) == [
        (1, "Recognize bias in triage."),
        (2, "Apply two debiasing strategies."),
    ]
    assert sorted(activity.topics.values_list("name", flat=True)) == [
        "Emergency care",
        "Health equity",
    ]
    offerings = {o.credit_type: o for o in activity.credit_offerings.all()}
    assert set(offerings) == {"ama_pra_1", "participation", "moc_abim"}
    assert offerings["ama_pra_1"].amount == Decimal("2.00")
    assert offerings["ama_pra_1"].eligible_professions == ["physician"]
    assert offerings["participation"].unit == "hours"
    assert offerings["moc_abim"].unit == "points"
    assert offerings["moc_abim"].self_assessment is True
    entry = LogEntry.objects.get(action="activity.created")
    assert entry.actor == coordinator and entry.object_id == str(activity.pk)


def test_a_blank_web_address_is_made_from_the_title_and_kept_unique(coordinator_client):
    make_activity("Implicit Bias in Triage", slug="implicit-bias-in-triage")

    coordinator_client.post(NEW, activity_post())

    assert Activity.objects.filter(slug="implicit-bias-in-triage-2").exists()


def test_an_enduring_course_is_saved_with_its_approval_period(coordinator_client):
    post = activity_post(
        title="Recognizing Unconscious Bias",
        format="enduring",
        duration_minutes="60",
        starts_on="2027-01-01",
        ends_on="2029-12-31",
        credits={"ama_pra_1": "1.0"},
    )

    coordinator_client.post(NEW, post)

    activity = Activity.objects.get(slug="recognizing-unconscious-bias")
    assert activity.is_enduring
    assert (str(activity.starts_on), str(activity.ends_on)) == ("2027-01-01", "2029-12-31")


def test_enduring_material_dates_are_labelled_release_and_expiration(coordinator_client):
    post = activity_post(format="enduring", title="")

    page = coordinator_client.post(NEW, post).content.decode()

    assert '<label for="id_starts_on">Release date</label>' in page
    assert '<label for="id_ends_on">Expiration date</label>' in page
    assert 'data-label-live="Start date"' in page


def test_a_missing_title_is_named_in_the_summary_and_nothing_is_created(coordinator_client):
    response = coordinator_client.post(NEW, activity_post(title=""))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_title">Title: Enter a title.</a>' in page
    assert Activity.objects.count() == 0


def test_how_long_attendance_codes_work_is_set_per_activity(coordinator_client):
    coordinator_client.post(NEW, activity_post(title="Two-week codes", attendance_code_days="14"))
    coordinator_client.post(NEW, activity_post(title="Default codes"))

    assert Activity.objects.get(title="Two-week codes").attendance_code_days == 14
    assert Activity.objects.get(title="Default codes").attendance_code_days == 30
