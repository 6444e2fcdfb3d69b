"""Back office URLs: evaluation (included by coordinator/urls.py in namespace "coordinator")."""

from django.urls import path

from equitylens.coordinator.views import evaluation

urlpatterns = [
    path("", evaluation.evaluation_overview, name="evaluation"),
    path("questions/", evaluation.evaluation_question_add, name="evaluation_question_add"),
    path(
        "questions/<int:question_id>/",
        evaluation.evaluation_question_edit,
        name="evaluation_question_edit",
    ),
    path(
        "questions/<int:question_id>/delete/",
        evaluation.evaluation_question_delete,
        name="evaluation_question_delete",
    ),
    path(
        "questions/<int:question_id>/move/",
        evaluation.evaluation_question_move,
        name="evaluation_question_move",
    ),
]
