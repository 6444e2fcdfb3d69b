"""URLs: private workshop bookings (organization admins)."""

from django.urls import path

from equitylens.bookings.views import organization

app_name = "bookings"
urlpatterns = [
    path("<slug:org_slug>/", organization.requests_list, name="list"),
]
