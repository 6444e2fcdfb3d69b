"""Failed sign-ins are rate limited and logged to equitylens.security with e-mail and IP."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, make_learner

pytestmark = pytest.mark.django_db


def attempt(client, password):
    return client.post(
        reverse("account_login"), {"login": "maya@example.org", "password": password}
    )


def test_a_failed_sign_in_is_logged_with_e_mail_and_ip(client, caplog):
    make_learner(email="maya@example.org")
    with caplog.at_level(logging.WARNING, logger="equitylens.security"):
        attempt(client, "wrong")
    records = [r for r in caplog.records if r.name == "equitylens.security"]
    assert len(records) == 1
    assert "sign-in failed" in records[0].getMessage()
    assert "email=maya@example.org" in records[0].getMessage()
    assert "ip=127.0.0.1" in records[0].getMessage()


def test_a_successful_sign_in_is_not_logged_as_a_failure(client, caplog):
    make_learner(email="maya@example.org")
    with caplog.at_level(logging.WARNING, logger="equitylens.security"):
        attempt(client, PASSWORD)
    assert not [r for r in caplog.records if r.name == "equitylens.security"]


def test_the_sixth_failure_within_fifteen_minutes_is_refused_even_with_the_right_password(
    client, caplog
):
    make_learner(email="maya@example.org")
    for _ in range(5):
        html = attempt(client, "wrong").content.decode()
        assert "The e-mail address or the password is not right" in html

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="equitylens.security"):
        refused = attempt(client, PASSWORD)

    assert refused.status_code == 200
    assert "Too many failed sign-ins. Wait 15 minutes" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    messages = [r.getMessage() for r in caplog.records if r.name == "equitylens.security"]
    assert messages == ["sign-in refused (rate limit) email=maya@example.org ip=127.0.0.1"]


def test_five_failures_still_allow_the_right_password(client):
    make_learner(email="maya@example.org")
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302
    assert "_auth_user_id" in client.session
