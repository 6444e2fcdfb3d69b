"""Health Equity M&M: readiness, series, cases, conference sessions, actions, oversight.

Every view here is guarded by services.access (series_access / case_access or an explicit
check) and writes to the access log; tests/casereview/test_access_enumeration.py walks
this list and proves it.
"""

from django.urls import URLPattern, path

from equitylens.casereview.views import (
    actions,
    cases,
    conference,
    intake,
    oversight,
    readiness,
    series,
)

app_name = "casereview"
urlpatterns: list[URLPattern] = [
    path("", series.home, name="home"),
    path(
        "organizations/<slug:slug>/readiness/",
        readiness.readiness,
        name="readiness",
    ),
    path(
        "organizations/<slug:slug>/readiness/<int:pk>/",
        readiness.readiness_result,
        name="readiness_result",
    ),
    path("organizations/<slug:slug>/series/new/", series.series_new, name="series_new"),
    # Series setup and review body.
    path("series/<int:series_id>/", series.series_page, name="series"),
    path("series/<int:series_id>/setup/", series.series_setup, name="series_setup"),
    path("series/<int:series_id>/members/", series.members, name="members"),
    path(
        "series/<int:series_id>/members/<int:member_id>/",
        series.member_edit,
        name="member_edit",
    ),
    path("series/<int:series_id>/ground-rules/", series.ground_rules, name="ground_rules"),
    # Intake and the submitter's own view.
    path("series/<int:series_id>/submit/", intake.submit, name="submit"),
    path("submissions/", intake.my_submissions, name="my_submissions"),
    path("submissions/<int:case_id>/", intake.my_submission, name="my_submission"),
    # Cases (review body only).
    path("series/<int:series_id>/cases/", cases.case_list, name="case_list"),
    path("series/<int:series_id>/cases/<int:number>/", cases.case_detail, name="case"),
    path(
        "series/<int:series_id>/cases/<int:number>/transition/",
        cases.case_transition,
        name="case_transition",
    ),
    path("series/<int:series_id>/cases/<int:number>/file/", cases.case_file, name="case_file"),
    path(
        "series/<int:series_id>/cases/<int:number>/prepare/",
        cases.case_prepare,
        name="case_prepare",
    ),
    path("series/<int:series_id>/cases/<int:number>/print/", cases.case_print, name="case_print"),
    path(
        "series/<int:series_id>/cases/<int:number>/case-file.pdf",
        cases.case_pdf,
        name="case_pdf",
    ),
    # Actions.
    path(
        "series/<int:series_id>/cases/<int:number>/actions/new/",
        actions.action_new,
        name="action_new",
    ),
    path(
        "series/<int:series_id>/cases/<int:number>/actions/<int:action_id>/",
        actions.action_edit,
        name="action_edit",
    ),
    path("series/<int:series_id>/actions/", actions.action_list, name="action_list"),
    # Conference sessions.
    path("series/<int:series_id>/sessions/new/", conference.conference_new, name="conference_new"),
    path(
        "series/<int:series_id>/sessions/<int:conference_id>/",
        conference.conference_detail,
        name="conference",
    ),
    path(
        "series/<int:series_id>/sessions/<int:conference_id>/run/",
        conference.conference_run,
        name="conference_run",
    ),
    path(
        "series/<int:series_id>/sessions/<int:conference_id>/themes/",
        conference.conference_theme,
        name="conference_theme",
    ),
    path(
        "series/<int:series_id>/sessions/<int:conference_id>/survey/",
        conference.conference_survey,
        name="conference_survey",
    ),
    # Oversight: the access log (facilitators) and de-identified aggregates.
    path("series/<int:series_id>/access-log/", oversight.access_log, name="access_log"),
    path("series/<int:series_id>/aggregates/", oversight.aggregates, name="aggregates"),
    path(
        "series/<int:series_id>/aggregates.csv",
        oversight.aggregates_csv,
        name="aggregates_csv",
    ),
]
