"""Live sessions: session pages, registration, calendar, facilitator view, series."""

from django.urls import include, path

app_name = "live"
urlpatterns = [
    path("", include("equitylens.live.urls_sessions")),
    path("", include("equitylens.live.urls_facilitator")),
    path("", include("equitylens.live.urls_series")),
]
