"""Back office URLs: community (included by coordinator/urls.py in namespace "coordinator")."""

from django.urls import path

from equitylens.coordinator.views import community

urlpatterns = [
    path("", community.applications, name="community_applications"),
    path(
        "applications/<int:pk>/approve/",
        community.application_approve,
        name="community_approve",
    ),
    path(
        "applications/<int:pk>/decline/",
        community.application_decline,
        name="community_decline",
    ),
    path("members/", community.members, name="community_members"),
    path("resources/", community.resources, name="community_resources"),
    path("resources/new/", community.resource_new, name="community_resource_new"),
    path("resources/<int:pk>/", community.resource_edit, name="community_resource_edit"),
    path(
        "resources/<int:pk>/delete/",
        community.resource_delete,
        name="community_resource_delete",
    ),
    path("resources/<int:pk>/file/", community.resource_file, name="community_resource_file"),
]
