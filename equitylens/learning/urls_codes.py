"""URLs: attendance code entry."""

from django.urls import path

from equitylens.learning.views import codes

urlpatterns = [
    path("claim/", codes.enter_code, name="enter_code"),
]
