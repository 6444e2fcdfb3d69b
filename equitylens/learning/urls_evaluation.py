"""URLs: evaluation."""

from django.urls import path

from equitylens.learning.views import evaluation

urlpatterns = [
    path("learn/<slug:slug>/evaluation/", evaluation.evaluation, name="evaluation"),
]
