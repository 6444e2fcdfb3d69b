"""Back office URLs for activities (included at /coordinator/ in namespace "coordinator")."""

from django.urls import path

from equitylens.coordinator.views.activities import (
    activity_duplicate,
    activity_edit,
    activity_list,
    activity_new,
)
from equitylens.coordinator.views.activity_preview import activity_preview
from equitylens.coordinator.views.activity_status import activity_status

urlpatterns = [
    path("", activity_list, name="activities"),
    path("new/", activity_new, name="activity_new"),
    path("activities/<slug:slug>/", activity_edit, name="activity_edit"),
    path("activities/<slug:slug>/status/", activity_status, name="activity_status"),
    path("activities/<slug:slug>/duplicate/", activity_duplicate, name="activity_duplicate"),
    path("activities/<slug:slug>/preview/", activity_preview, name="activity_preview"),
]
