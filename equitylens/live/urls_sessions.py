"""URLs: sessions, registration, calendar."""

from django.urls import path

from equitylens.live.views import sessions

urlpatterns = [
    path("sessions/", sessions.my_sessions, name="my_sessions"),
    path("sessions/<int:pk>/", sessions.session, name="session"),
    path("sessions/<int:pk>/register/", sessions.register, name="register"),
    path("sessions/<int:pk>/cancel/", sessions.cancel, name="cancel"),
    path("sessions/<int:pk>/invitation.ics", sessions.session_ics, name="session_ics"),
    path("invitations/<str:token>/", sessions.invitation, name="invitation"),
    path("calendar/<str:token>.ics", sessions.calendar_feed, name="calendar_feed"),
    path("calendar/reset/", sessions.calendar_feed_reset, name="calendar_feed_reset"),
]
