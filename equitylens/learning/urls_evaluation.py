"""URLs: evaluation."""

from django.urls import path

from equitylens.learning.views import evaluation

urlpatterns = [
    path("learn/<slug:slug>/evaluation/", evaluation.evaluation, name="evaluation"),
    path(
        "learn/<slug:slug>/sessions/<int:session_pk>/evaluation/",
        evaluation.evaluation,
        name="session_evaluation",
    ),
]
