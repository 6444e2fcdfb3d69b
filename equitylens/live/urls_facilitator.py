"""URLs: facilitator view, and the dialogue series' post-session feedback."""

from django.urls import path

from equitylens.live.views import facilitator, feedback

urlpatterns = [
    path("facilitate/", facilitator.facilitate, name="facilitate"),
    path(
        "facilitate/sessions/<int:pk>/", facilitator.facilitate_session, name="facilitate_session"
    ),
    path("facilitate/sessions/<int:pk>/code/", facilitator.facilitate_code, name="facilitate_code"),
    path(
        "facilitate/sessions/<int:pk>/roster.csv",
        facilitator.facilitate_roster_csv,
        name="facilitate_roster_csv",
    ),
    path("sessions/<int:pk>/feedback/", feedback.session_feedback, name="session_feedback"),
]
