"""URLs: community of practice."""

from django.urls import path

from equitylens.community.views import members

app_name = "community"
urlpatterns = [
    path("", members.home, name="home"),
]
