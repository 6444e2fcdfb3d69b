from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "equitylens.bookings"
    label = "bookings"
    verbose_name = "Private workshop bookings"
