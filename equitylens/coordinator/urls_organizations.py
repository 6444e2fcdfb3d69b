"""Back office: organizations (mounted at /coordinator/organizations/, namespace coordinator)."""

from django.urls import path

from equitylens.coordinator.views import organizations

urlpatterns = [
    path("", organizations.organization_list, name="organizations"),
    path("new/", organizations.organization_create, name="organization_create"),
    path("<slug:slug>/", organizations.organization_edit, name="organization_edit"),
]
