"""Back office URLs: sessions (included by coordinator/urls.py in namespace "coordinator")."""

from django.urls import path

from equitylens.coordinator.views import sessions

urlpatterns = [
    path("", sessions.sessions, name="sessions"),
    path("new/", sessions.session_new, name="session_new"),
    path("series/", sessions.series_settings_edit, name="series_settings"),
    path("<int:pk>/", sessions.session_edit, name="session_edit"),
    path("<int:pk>/cancel/", sessions.session_cancel, name="session_cancel"),
    path("<int:pk>/registrations/", sessions.session_registrations, name="session_registrations"),
]
