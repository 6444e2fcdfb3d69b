"""URLs: private workshop bookings (organization admins)."""

from django.urls import path

from equitylens.bookings.views import organization

app_name = "bookings"
urlpatterns = [
    path("<slug:org_slug>/", organization.requests_list, name="list"),
    path("<slug:org_slug>/new/", organization.request_new, name="new"),
    path("<slug:org_slug>/<int:pk>/", organization.request_detail, name="detail"),
    path("<slug:org_slug>/<int:pk>/accept/", organization.request_accept, name="accept"),
    path("<slug:org_slug>/<int:pk>/cancel/", organization.request_cancel, name="cancel"),
]
