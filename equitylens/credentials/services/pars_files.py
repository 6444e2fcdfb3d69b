"""PARS file layouts: the columns, their formats, and the tab-delimited writer.

The layouts follow the ACCME's tab-delimited batch uploads as documented in
docs/pars.md, including every assumption we had to make. Files are tab-delimited text,
no header row, CRLF line endings, UTF-8; tabs and line breaks inside values become
spaces so a value can never shift the columns.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache

from equitylens.catalog.models import ActivityFormat

LEARNER_COLUMNS = (
    "Provider Activity ID",
    "Learner First Name",
    "Learner Last Name",
    "Board",
    "Board ID",
    "Date of Birth (MM/DD)",
    "Completion Date (MM/DD/YYYY)",
    "MOC Points",
)

ACTIVITY_COLUMNS = (
    "Provider Activity ID",
    "Activity Title",
    "Activity Type",
    "Start Date (MM/DD/YYYY)",
    "End Date (MM/DD/YYYY)",
    "Hours of Instruction",
    "AMA PRA Category 1 Credits Designated",
    "Commercial Support Received (Y/N)",
)

# PARS activity type codes (assumed, see docs/pars.md).
PARS_ACTIVITY_TYPE: dict[str, str] = {
    ActivityFormat.LIVE_COURSE: "C",
    ActivityFormat.INTERNET_LIVE: "IL",
    ActivityFormat.RSS: "RSS",
    ActivityFormat.ENDURING: "IEM",
}

_CLEAN = str.maketrans({"\t": " ", "\r": " ", "\n": " "})


def clean_text(value: str) -> str:
    """A value safe for a tab-delimited line: no tabs or line breaks, trimmed."""
    if "\t" in value or "\n" in value or "\r" in value:
        value = value.translate(_CLEAN)
    return value.strip()


@lru_cache(maxsize=4096)
def us_date(value: date | None) -> str:
    """MM/DD/YYYY, or "" when there is no date."""
    return f"{value.month:02d}/{value.day:02d}/{value.year:04d}" if value else ""


def month_day(month: int, day: int) -> str:
    """MM/DD, e.g. 03/07."""
    return f"{month:02d}/{day:02d}"


@lru_cache(maxsize=1024)
def decimal_text(value: Decimal | None) -> str:
    """Two decimals, e.g. 1.75 or 2.00; "" when there is no value."""
    return "" if value is None else f"{value:.2f}"


def fingerprint(row: Sequence[str]) -> str:
    """SHA-256 of the reported values; equal fingerprints mean nothing changed."""
    return hashlib.sha256("\t".join(row).encode("utf-8")).hexdigest()


def write_rows(rows: Iterable[Sequence[str]]) -> str:
    """The tab-delimited text of `rows` (no header, CRLF line endings)."""
    # Values are cleaned of tabs and line breaks, and PARS wants no quoting, so joining
    # is exact (and faster than csv.writer, which would quote values holding quotes).
    return "".join("\t".join(row) + "\r\n" for row in rows)
