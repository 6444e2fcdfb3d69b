"""Our own recognizers for HIPAA Safe Harbor identifiers that have a recognizable shape.

Each recognizer is a compiled pattern and the kind it finds. A pattern may use a named group
``hit``: then only that group is the finding (the rest is context, e.g. "lives in" before a
city). Patterns are deliberately cue-driven: a bare number is not a record number unless it is
long (7+ digits) or follows a cue such as "MRN", so doses, lab values, ICD codes, years and
clock times are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from equitylens.casereview.services.identifier_kinds import Kind

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_STREET_TYPE = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl"
    r"|Terrace|Ter|Parkway|Pkwy|Highway|Hwy|Circle|Cir)"
)
_STATE_ABBR = (
    r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE"
    r"|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR)"
)
_ID_VALUE = r"[A-Z]{0,4}-?\d[\dA-Z-]{3,}\d|[A-Z]{0,4}-?\d{4,}"


@dataclass(frozen=True)
class Recognizer:
    kind: Kind
    pattern: re.Pattern[str]


def _r(kind: Kind, pattern: str, flags: int = 0) -> Recognizer:
    return Recognizer(kind, re.compile(pattern, flags))


RECOGNIZERS: tuple[Recognizer, ...] = (
    _r(Kind.EMAIL, r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"),
    _r(
        Kind.URL,
        r"\b(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,;:)]"
        r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|io|health)/[^\s<>\"']*[^\s<>\"'.,;:)]",
        re.IGNORECASE,
    ),
    _r(
        Kind.IP_ADDRESS,
        r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b"
        r"|\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b",
        re.IGNORECASE,
    ),
    _r(Kind.SSN, r"\b\d{3}-\d{2}-\d{4}\b|(?:\bSSN|social security(?: number)?)\s*[:#]?\s*\d{9}\b"),
    _r(
        Kind.FAX,
        r"(?i:\bfax(?:ed)?(?: (?:number|no\.?|line))?(?: to| at)?)\s*[:#]?\s*"
        r"(?P<hit>(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4})\b",
    ),
    _r(Kind.PHONE, r"(?<![\d-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"),
    # Dates finer than a year.
    _r(Kind.DATE, rf"\b{_MONTH}\.?\s+{_DAY}(?:,?\s+{_YEAR})?\b"),
    _r(Kind.DATE, rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\.?(?:,?\s+{_YEAR})?\b"),
    _r(Kind.DATE, rf"\b{_MONTH}\.?,?\s+(?:of\s+)?{_YEAR}\b"),
    _r(Kind.DATE, r"\b(?:0?[1-9]|1[0-2])[/-](?:0?[1-9]|[12]\d|3[01])[/-](?:\d{4}|\d{2})\b"),
    _r(Kind.DATE, rf"\b{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"),
    _r(
        Kind.DATE,
        r"(?i:\b(?:on|admitted|discharged|seen|since|dob:?|born|until))\s+"
        r"(?P<hit>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01]))(?![/\d])",
    ),
    # Ages over 89 (90–129).
    _r(
        Kind.AGE,
        r"\b(?:9\d|1[0-2]\d)(?:[- ](?:years?|yrs?)[- ]old|[- ]?(?:yo|y/o|y\.o\.)(?!\w)"
        r"|[- ]year[- ]old)",
        re.IGNORECASE,
    ),
    _r(Kind.AGE, r"\b(?:aged?|age of)\s+(?:9\d|1[0-2]\d)\b", re.IGNORECASE),
    _r(Kind.AGE, r"\b(?:in (?:his|her|their) )?(?:late )?(?:90s|nineties|hundreds)\b"),
    # Record numbers (MRN, accounts, encounters).
    _r(
        Kind.RECORD_NUMBER,
        r"(?i:\b(?:MRN|medical record(?: number| no\.?)?|record (?:number|no\.?|#)"
        r"|chart (?:number|no\.?|#)"
        r"|acct\.?|account(?: number| no\.?)?|encounter(?: ID| number| no\.?)?|CSN|FIN"
        r"|visit (?:ID|number)|accession(?: number)?|case number))\s*(?:#|:|no\.?)?\s*"
        rf"(?:{_ID_VALUE})\b",
    ),
    # Health plan, licence, device, vehicle and other cued identifiers.
    _r(
        Kind.OTHER_IDENTIFIER,
        r"(?i:\b(?:member ID|subscriber ID|policy (?:number|no\.?|#)|health plan (?:ID|number)"
        r"|Medicaid (?:ID|number|#)|Medicare (?:ID|number|#|MBI)|group number"
        r"|(?:driver'?s )?licen[cs]e (?:number|no\.?|#|plate)|DEA (?:number|#)|NPI"
        r"|serial (?:number|no\.?|#)|device (?:ID|serial)|implant ID|plate(?: number)?|VIN"
        r"|badge (?:number|#)|employee ID|passport(?: number)?)(?: is| was)?)\s*(?:#|:|no\.?)?\s*"
        r"(?:[A-Z]{1,3}\s)?[A-Z0-9](?=[A-Z0-9-]*\d)[A-Z0-9-]{3,}[A-Z0-9]\b",
    ),
    _r(
        Kind.OTHER_IDENTIFIER,
        r"\b(?=[A-HJ-NPR-Z0-9]*\d)(?=[A-HJ-NPR-Z0-9]*[A-Z])[A-HJ-NPR-Z0-9]{17}\b",
    ),
    # Addresses finer than a state.
    _r(
        Kind.ADDRESS,
        rf"\b\d{{1,6}}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){{1,3}}{_STREET_TYPE}\b\.?"
        r"(?:,?\s+(?:Apt|Apartment|Unit|Suite|#)\.?\s*\w+)?",
    ),
    _r(Kind.ADDRESS, r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s(?:County|Parish|Borough)\b"),
    _r(Kind.ADDRESS, r"\bP\.?\s?O\.?\s+Box\s+\d+\b", re.IGNORECASE),
    _r(Kind.ADDRESS, rf"(?<=\s){_STATE_ABBR}\s+\d{{5}}(?:-\d{{4}})?\b"),
    _r(Kind.ADDRESS, rf"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=,\s+{_STATE_ABBR}\b)"),
    _r(Kind.ADDRESS, r"(?i:\bzip(?: code)?|\bpostal code)\s*[:#]?\s*(?P<hit>\d{5}(?:-\d{4})?)\b"),
    _r(Kind.ADDRESS, r"\b\d{5}-\d{4}\b"),
    # Other unique numbers: long digit runs, or a number after "ID"/"#".
    _r(Kind.OTHER_NUMBER, r"(?<![\d.,/-])\d{7,}(?![\d.,/]\d)"),
    _r(Kind.OTHER_NUMBER, r"(?:\bID|#)\s*:?\s*(?P<hit>[A-Z]{0,3}\d{5,})\b"),
)

# "lives in Maple Falls": a place after an address cue is finer than a state unless it is one.
CITY_CUE = re.compile(
    r"(?i:\b(?:lives in|living in|resident of|resides in|residing in|from the town of"
    r"|town of|city of|moved to|home in|neighborhood of|neighbourhood of|shelter in|village of))"
    r"\s+(?P<hit>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})"
)

US_STATES = frozenset(
    [
        "Alabama",
        "Alaska",
        "Arizona",
        "Arkansas",
        "California",
        "Colorado",
        "Connecticut",
        "Delaware",
        "Florida",
        "Georgia",
        "Hawaii",
        "Idaho",
        "Illinois",
        "Indiana",
        "Iowa",
        "Kansas",
        "Kentucky",
        "Louisiana",
        "Maine",
        "Maryland",
        "Massachusetts",
        "Michigan",
        "Minnesota",
        "Mississippi",
        "Missouri",
        "Montana",
        "Nebraska",
        "Nevada",
        "Ohio",
        "Oklahoma",
        "Oregon",
        "Pennsylvania",
        "Tennessee",
        "Texas",
        "Utah",
        "Vermont",
        "Virginia",
        "Washington",
        "Wisconsin",
        "Wyoming",
    ]
) | {
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "West Virginia",
    "Puerto Rico",
    "the United States",
}
