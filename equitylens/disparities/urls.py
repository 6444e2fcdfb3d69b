"""Measuring disparities in care: uploads, runs, results and downloads."""

from django.urls import URLPattern, path

from equitylens.disparities.views import case_review, runs

app_name = "disparities"
urlpatterns: list[URLPattern] = [
    path("", runs.run_list, name="runs"),
    path("new/", runs.run_new, name="run_new"),
    path("<int:pk>/", runs.run_detail, name="run"),
    path("<int:pk>/progress/", runs.run_progress, name="run_progress"),
    path("<int:pk>/download.<str:fmt>", runs.run_download, name="run_download"),
    path("<int:pk>/forest/<str:outcome>.svg", runs.forest_svg, name="forest_svg"),
    path(
        "<int:pk>/send-to-case-review/", case_review.send_to_case_review, name="send_to_case_review"
    ),
]
