"""Typed errors of the booking rules; each message says why and what to do."""

from __future__ import annotations


class BookingError(Exception):
    """A booking rule refused the change; nothing was changed."""


class BookingPermissionError(BookingError):
    """The person may not do this to this booking."""


class BookingStateError(BookingError):
    """The booking is not in a state that allows this transition."""


class FacilitatorClashError(BookingError):
    """The facilitator is already booked at an overlapping time."""


class BookingValidationError(BookingError):
    """The request's details are not acceptable; `errors` maps field name → message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors.values()))
