"""The demo courses' modules: what the demo promises, loaded idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from equitylens.catalog.models import Activity, ActivityStatus
from equitylens.learning.models import Choice, Module, Question
from equitylens.learning.services.authoring import moc_post_test_missing

pytestmark = pytest.mark.django_db


def load() -> None:
    call_command("demo_data", stdout=StringIO())


def test_the_demo_courses_have_their_modules_and_load_twice_unchanged() -> None:
    load()
    counts = (Module.objects.count(), Question.objects.count(), Choice.objects.count())
    load()
    assert counts == (Module.objects.count(), Question.objects.count(), Choice.objects.count())
    bias = Activity.objects.get(slug="recognizing-and-mitigating-unconscious-bias")
    assert bias.status == ActivityStatus.OPEN
    assert not moc_post_test_missing(bias)
    kinds = list(bias.modules.order_by("position").values_list("kind", flat=True))
    assert kinds == ["video", "reading", "reflection", "post_test"]
    post_test = bias.modules.get(kind="post_test")
    assert (post_test.passing_score, post_test.max_attempts) == (80, 3)
    assert post_test.questions.count() == 5
    for question in post_test.questions.all():
        assert question.choices.filter(correct=True).count() == 1
    video = bias.modules.get(kind="video")
    assert not video.video_file and not video.video_url and len(video.transcript) > 500
    short = Activity.objects.get(slug="advancing-health-equity-video-course")
    check = short.modules.get(kind="knowledge_check")
    assert check.questions.count() == 3
