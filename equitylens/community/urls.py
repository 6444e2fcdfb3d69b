"""URLs: community of practice."""

from django.urls import path

from equitylens.community.views import directory, events, library, members

app_name = "community"
urlpatterns = [
    path("", members.home, name="home"),
    path("apply/", members.apply, name="apply"),
    path("listing/", members.listing, name="listing"),
    path("leave/", members.leave, name="leave"),
    path("directory/", directory.directory, name="directory"),
    path("library/", library.library, name="library"),
    path("library/<int:pk>/file/", library.resource_file, name="resource_file"),
    path("events/", events.events, name="events"),
]
