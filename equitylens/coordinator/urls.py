"""The coordinator's back office: our own screens (Django admin is only a back door)."""

from django.urls import include, path

app_name = "coordinator"
urlpatterns = [
    path("", include("equitylens.coordinator.urls_activities")),
    path("activities/<slug:slug>/modules/", include("equitylens.coordinator.urls_modules")),
    path("activities/<slug:slug>/codes/", include("equitylens.coordinator.urls_codes")),
    path("activities/<slug:slug>/evaluation/", include("equitylens.coordinator.urls_evaluation")),
    path("certificates/", include("equitylens.coordinator.urls_certificates")),
    path("activities/<slug:slug>/sessions/", include("equitylens.coordinator.urls_sessions")),
    path("bookings/", include("equitylens.coordinator.urls_bookings")),
    path("community/", include("equitylens.coordinator.urls_community")),
    path("organizations/", include("equitylens.coordinator.urls_organizations")),
    path("disclosures/", include("equitylens.coordinator.urls_disclosures")),
    path("support/", include("equitylens.coordinator.urls_support")),
    path("pars/", include("equitylens.coordinator.urls_pars")),
    path("reports/", include("equitylens.coordinator.urls_reports")),
    path("licensure/", include("equitylens.coordinator.urls_licensure")),
]
