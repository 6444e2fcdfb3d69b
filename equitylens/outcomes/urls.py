"""URLs of the outcomes app: the learner's follow-up page and organization admin reports."""

from django.urls import path

from equitylens.outcomes.views import follow_up, organizations

app_name = "outcomes"
urlpatterns = [
    path("follow-up/<str:token>/", follow_up.follow_up, name="follow_up"),
    path("follow-up/<str:token>/thanks/", follow_up.follow_up_done, name="follow_up_done"),
    path(
        "organizations/<slug:slug>/",
        organizations.organization_report,
        name="organization_report",
    ),
    path(
        "organizations/<slug:slug>/completions.csv",
        organizations.organization_report_csv,
        name="organization_report_csv",
    ),
]
