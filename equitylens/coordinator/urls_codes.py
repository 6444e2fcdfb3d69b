"""Back office URLs: codes (included by coordinator/urls.py in namespace "coordinator")."""

from django.urls import path

from equitylens.coordinator.views.codes import code_import, code_show, codes, session_code_new

urlpatterns = [
    path("", codes, name="codes"),
    path("sessions/", session_code_new, name="codes_session_new"),
    path("import/", code_import, name="codes_import"),
    path("<str:code>/show/", code_show, name="codes_show"),
]
