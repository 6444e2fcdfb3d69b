"""Back office URLs: support (included by coordinator/urls.py in namespace "coordinator")."""

from django.urls import path

from equitylens.coordinator.views import support

urlpatterns = [
    path("activities/<slug:slug>/", support.support_list, name="support"),
    path("activities/<slug:slug>/new/", support.support_new, name="support_new"),
    path("activities/<slug:slug>/<int:pk>/", support.support_edit, name="support_edit"),
    path("activities/<slug:slug>/<int:pk>/delete/", support.support_delete, name="support_delete"),
    path(
        "activities/<slug:slug>/<int:pk>/agreement/",
        support.support_agreement,
        name="support_agreement",
    ),
]
