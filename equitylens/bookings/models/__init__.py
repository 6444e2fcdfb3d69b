from equitylens.bookings.models.requests import BookingRequest, BookingStatus, PreferredSlot

__all__ = ["BookingRequest", "BookingStatus", "PreferredSlot"]
