"""The demo community loads, follows the product's rules, and can be loaded twice."""

from __future__ import annotations

import pytest

from equitylens.community.models import ApplicationStatus, CommunityMembership, Resource
from equitylens.community.services.directory import directory_entries
from equitylens.demo.community import load_community
from tests.factories import make_learner, make_topic

pytestmark = pytest.mark.django_db

EMAILS = [
    "priya.patel@riverbendhealth.example",
    "aisha.johnson@lakeshoremed.example",
    "maya.chen@riverbendhealth.example",
    "sam.rivera@lakeshoremed.example",
]


def test_demo_community_is_idempotent_and_realistic() -> None:
    for name in ("Implicit bias", "Health equity", "Anti-racism", "Case review"):
        make_topic(name)
    make_topic("Patient communication")
    people = {email: make_learner(email=email) for email in EMAILS}
    load_community({}, people)
    load_community({}, people)

    statuses = dict(CommunityMembership.objects.values_list("user__email", "status"))
    assert statuses == {
        EMAILS[0]: ApplicationStatus.APPROVED,
        EMAILS[1]: ApplicationStatus.APPROVED,
        EMAILS[2]: ApplicationStatus.PENDING,
    }
    assert len(directory_entries(people[EMAILS[0]])) == 2
    assert Resource.objects.count() == 6
    files = Resource.objects.exclude(file="")
    assert files.count() == 2
    for resource in files:
        with resource.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    assert all(r.url.startswith("https://example.org/") for r in Resource.objects.filter(file=""))
    assert all(resource.topics.exists() for resource in Resource.objects.all())
