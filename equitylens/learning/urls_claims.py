"""URLs: credit claim."""

from django.urls import path

from equitylens.learning.views import claims

urlpatterns = [
    path("learn/<slug:slug>/credit/", claims.claim, name="claim"),
    path(
        "learn/<slug:slug>/sessions/<int:session_pk>/credit/",
        claims.claim,
        name="session_claim",
    ),
]
