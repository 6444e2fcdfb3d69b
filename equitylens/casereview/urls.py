"""Health Equity M&M: readiness check (and, later, series and cases)."""

from django.urls import URLPattern, path

from equitylens.casereview.views import readiness

app_name = "casereview"
urlpatterns: list[URLPattern] = [
    path(
        "organizations/<slug:slug>/readiness/",
        readiness.readiness,
        name="readiness",
    ),
    path(
        "organizations/<slug:slug>/readiness/<int:pk>/",
        readiness.readiness_result,
        name="readiness_result",
    ),
]
