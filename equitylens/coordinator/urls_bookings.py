"""Back office URLs: bookings (included by coordinator/urls.py in namespace "coordinator")."""

from django.urls import path

from equitylens.coordinator.views import bookings

urlpatterns = [
    path("", bookings.booking_queue, name="bookings"),
    path("<int:pk>/", bookings.booking_detail, name="booking"),
    path("<int:pk>/propose/", bookings.booking_propose, name="booking_propose"),
    path("<int:pk>/confirm/", bookings.booking_confirm, name="booking_confirm"),
    path("<int:pk>/delivered/", bookings.booking_deliver, name="booking_deliver"),
    path("<int:pk>/close/", bookings.booking_close, name="booking_close"),
    path("<int:pk>/decline/", bookings.booking_decline, name="booking_decline"),
    path("<int:pk>/cancel/", bookings.booking_cancel, name="booking_cancel"),
]
