"""Learner URLs: evaluation (included by learning/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
