"""URLs of the disclosures app."""

from django.urls import URLPattern

app_name = "disclosures"
urlpatterns: list[URLPattern] = []
