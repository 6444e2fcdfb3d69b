"""Certificates (PDF), the public verification page and the learner's transcript."""

from django.urls import URLPattern

app_name = "credentials"
urlpatterns: list[URLPattern] = []
