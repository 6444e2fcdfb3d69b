"""Back office URLs: disclosures (included by coordinator/urls.py in namespace "coordinator")."""

from django.urls import path

from equitylens.coordinator.views.disclosures import (
    activity_disclosures,
    invite_person,
    remove_person,
    resend_request,
    review_role,
)

urlpatterns = [
    path("activities/<slug:slug>/", activity_disclosures, name="disclosures"),
    path("activities/<slug:slug>/invite/", invite_person, name="disclosures_invite"),
    path("activities/<slug:slug>/roles/<int:role_id>/review/", review_role,
         name="disclosures_review"),
    path("activities/<slug:slug>/roles/<int:role_id>/resend/", resend_request,
         name="disclosures_resend"),
    path("activities/<slug:slug>/roles/<int:role_id>/remove/", remove_person,
         name="disclosures_remove"),
]  # fmt: skip
