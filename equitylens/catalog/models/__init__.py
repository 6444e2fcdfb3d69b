"""The catalog of accredited activities and the credit each offers."""

from equitylens.catalog.models.activities import (
    Activity,
    ActivityFormat,
    ActivityStatus,
    Audience,
    LearningObjective,
    Topic,
)
from equitylens.catalog.models.contact import ContactMessage
from equitylens.catalog.models.credits import CreditOffering, CreditType, CreditUnit

__all__ = [
    "Activity",
    "ActivityFormat",
    "ActivityStatus",
    "Audience",
    "ContactMessage",
    "CreditOffering",
    "CreditType",
    "CreditUnit",
    "LearningObjective",
    "Topic",
]
