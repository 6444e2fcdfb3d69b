"""Health Equity M&M: readiness check (and, later, series and cases)."""

from django.urls import URLPattern

app_name = "casereview"
urlpatterns: list[URLPattern] = []
