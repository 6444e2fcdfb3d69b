"""Only coordinators with two-factor sign-in reach the activity screens."""

from __future__ import annotations

import pytest
from django.urls import reverse

from equitylens.catalog.models import Activity
from tests.factories import make_activity, make_coordinator, make_learner

SLUG = "bias-workshop"
SCREENS = [
    ("get", "coordinator:activities", {}),
    ("get", "coordinator:activity_new", {}),
    ("post", "coordinator:activity_new", {}),
    ("get", "coordinator:activity_edit", {"slug": SLUG}),
    ("post", "coordinator:activity_edit", {"slug": SLUG}),
    ("post", "coordinator:activity_status", {"slug": SLUG}),
    ("post", "coordinator:activity_duplicate", {"slug": SLUG}),
    ("get", "coordinator:activity_preview", {"slug": SLUG}),
]
IDS = [f"{method}-{name.split(':')[1]}" for method, name, _ in SCREENS]


@pytest.fixture(autouse=True)
def _activity(db):
    make_activity("Bias Workshop", slug=SLUG)


@pytest.mark.parametrize(("method", "name", "kwargs"), SCREENS, ids=IDS)
def test_anonymous_visitors_are_sent_to_sign_in(client, method, name, kwargs):
    url = reverse(name, kwargs=kwargs)

    response = getattr(client, method)(url, {"status": "open"} if method == "post" else {})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Activity.objects.count() == 1


@pytest.mark.parametrize(("method", "name", "kwargs"), SCREENS, ids=IDS)
def test_learners_are_refused(client, method, name, kwargs):
    client.force_login(make_learner())

    response = getattr(client, method)(reverse(name, kwargs=kwargs), {"status": "open"})

    assert response.status_code == 403
    assert Activity.objects.count() == 1


@pytest.mark.parametrize(("method", "name", "kwargs"), SCREENS, ids=IDS)
def test_coordinators_without_an_authenticator_are_sent_to_set_one_up(client, method, name, kwargs):
    client.force_login(make_coordinator(with_totp=False))

    response = getattr(client, method)(reverse(name, kwargs=kwargs), {"status": "open"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa_required")
    assert Activity.objects.get().status == "open"
