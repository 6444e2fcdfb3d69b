"""URLs: facilitator view."""

from django.urls import path

from equitylens.live.views import facilitator

urlpatterns = [
    path("facilitate/", facilitator.facilitate, name="facilitate"),
    path(
        "facilitate/sessions/<int:pk>/", facilitator.facilitate_session, name="facilitate_session"
    ),
]
