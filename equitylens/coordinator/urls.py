"""The coordinator's back office: our own screens (Django admin is only a back door)."""

from django.urls import include, path

app_name = "coordinator"
urlpatterns = [
    path("", include("equitylens.coordinator.urls_activities")),
    path("organizations/", include("equitylens.coordinator.urls_organizations")),
]
