"""PARS file layouts: the columns, their formats, and the tab-delimited writer.

What the layouts rest on is in docs/pars.md ("What is confirmed" / "What is still
assumed"). In short, confirmed from the ACCME's own material: plain .txt, one record per
line, no header row, every column present even when empty (an empty value is nothing
at all between two tabs: no zero, no space), and a provider-assigned Provider Activity
ID on activity records. NOT confirmed: the column lists, their order and their value
formats (the field appendices of the ACCME's tab-delimited instructions could not be
read), so LEARNER_COLUMNS and ACTIVITY_COLUMNS are our own reading and must be checked
against the current templates before a real upload. Tabs and line breaks inside values
become spaces so a value can never shift the columns; CRLF and UTF-8 are assumed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache

from equitylens.catalog.models import ActivityFormat

# Learner (MOC completion) columns: our reading, NOT the ACCME's Learner Template B
# layout, whose field list we could not read (docs/pars.md). No action (add/delete)
# column and no ACCME Activity ID: both unconfirmed.
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

# Activity columns: a summary of 8 of the at least 43 fields a 2016+ activity record
# needs; it will not upload as is (docs/pars.md lists what is missing).
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

# PARS activity type codes. Assumed for the 2016+ template; the same letters are used
# by a third-party library for the 2014-2015 template (docs/pars.md).
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
    """The tab-delimited text of `rows` (no header row, CRLF line endings).

    Every row must hold every column, "" for an empty one: PARS expects blank fields to
    be present between tabs.
    """
    # Values are cleaned of tabs and line breaks, and PARS wants no quoting, so joining
    # is exact (and faster than csv.writer, which would quote values holding quotes).
    return "".join("\t".join(row) + "\r\n" for row in rows)
