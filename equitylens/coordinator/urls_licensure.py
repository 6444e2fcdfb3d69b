"""Back office URLs: licensure (included by coordinator/urls.py in namespace "coordinator")."""

from django.urls import path

from equitylens.coordinator.views import licensure

urlpatterns = [
    path("", licensure.requirement_list, name="licensure"),
    path("new/", licensure.requirement_new, name="licensure_new"),
    path("<int:pk>/", licensure.requirement_edit, name="licensure_edit"),
]
