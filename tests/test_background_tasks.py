"""Background work is stored in the database and done by the worker (`equitylens db_worker`)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from equitylens.learning.services.mail import send_learner_mail

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_email_waits_in_the_database_until_the_worker_sends_it(database_tasks: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    send_learner_mail(
        "enrollment_confirmed", "ada@example.org", {"activity_title": "Bias 101", "path": "/"}
    )
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())

    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    assert "Bias 101" in mail.outbox[0].subject
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
