"""Back office URLs: reports (included by coordinator/urls.py in namespace "coordinator")."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
