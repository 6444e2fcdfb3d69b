"""URLs of the licensure app."""

from django.urls import URLPattern

app_name = "licensure"
urlpatterns: list[URLPattern] = []
