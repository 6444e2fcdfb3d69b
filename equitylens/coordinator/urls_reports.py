"""Back office URLs: reports (included by coordinator/urls.py in namespace "coordinator")."""

from django.urls import path

from equitylens.coordinator.views import reports

urlpatterns = [
    path("", reports.reports_index, name="reports"),
    path("annual/", reports.report_annual, name="report_annual"),
    path("annual.csv", reports.report_annual_csv, name="report_annual_csv"),
    path("activities/<slug:slug>/", reports.report_activity, name="report_activity"),
    path(
        "activities/<slug:slug>/completions.csv",
        reports.report_completions_csv,
        name="report_completions_csv",
    ),
    path(
        "activities/<slug:slug>/evaluations.csv",
        reports.report_evaluation_csv,
        name="report_evaluation_csv",
    ),
]
