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
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
# An age over 89 in digits (90–119) or in words ("ninety", "ninety-four", "one hundred").
_AGE_DIGITS = r"(?:9\d|1[01]\d)"
_AGE_WORDS = (
    r"(?:ninety(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one hundred(?:(?: and)? (?:one|two|three|four|five|six|seven|eight|nine|ten))?)"
)
_AGE_NUMBER = rf"(?:{_AGE_DIGITS}|{_AGE_WORDS})"
# Ordinal days that are not dates: "the 3rd floor", "the 5th percentile", "the 2nd dose".
_NOT_A_DAY = (
    r"(?!\s+(?:[a-z]+-)?(?:floor|percentile|centile|century|day|week|month|year|time|dose"
    r"|cycle|grade|birthday|attempt|visit|admission|hour|minute|trimester|rib|intercostal"
    r"|toe|finger|digit|edition|street|avenue|round|stage|generation|line|place|patient"
    r"|case|session|call|try|degree|cranial|nerve|vertebra|lumbar|thoracic|cervical)s?\b)"
)
_PHONE_TAIL = r"(?:,?\s*(?:ext\.?|extension|x)\s*\d{1,5}\b)?"
_PHONE_CUE = (
    r"(?i:\b(?:phone|telephone|tel\.?|call(?:ed|ing)?|cell|mobile|number|reach(?:ed)?"
    r"|text(?:ed)?|line|contact|dial(?:ed)?|pager|fax(?:ed)?)\b)"
)
# Street types that name a street even without a house number ("on Elm Street").
_STREET_WORD = r"(?:Street|Avenue|Road|Boulevard|Lane|Terrace|Parkway|Highway)"
_STREET_AFTER_CUE = (
    r"(?:(?:Street|Avenue|Road|Boulevard|Lane|Drive|Court|Terrace|Parkway|Highway|Circle)\b"
    r"|(?:St|Ave|Rd|Blvd|Ln)\b\.?)"
)
# Place names that look like towns ("Millbrook", "Eastport", "Maple Falls").
_TOWN = (
    r"(?:[A-Z][a-z]+(?:field|ville|port|town|ton|burg|burgh|borough|boro|brook|haven|wood"
    r"|dale|ford|mouth|view|ridge|land|ham|chester|bury|stead|shire|vale|water|crest|mont)"
    r"|(?:Fort|Port|East|West|North|South|New)\s[A-Z][a-z]+"
    r"|[A-Z][a-z]+\s(?:Falls|Grove|Springs|Heights|Park|City|Beach|Hills|Valley|Lake|Creek"
    r"|Junction|Village|Harbor|Bluff|Rapids))"
)


_STATE_NAME = (
    r"(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida"
    r"|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland"
    r"|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada"
    r"|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma"
    r"|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah"
    r"|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Puerto Rico)"
)


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
        rf"(?P<hit>(?:\+?1[\s.-]?)?\(?\d{{3}}\)?[\s.-]?\d{{3}}[\s.-]\d{{4}}\b{_PHONE_TAIL})",
    ),
    _r(
        Kind.PHONE,
        r"(?<![\d-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}\b" + _PHONE_TAIL,
    ),
    # A 7-digit local number ("555-0147") only after a telephone cue in the same sentence.
    _r(
        Kind.PHONE,
        rf"{_PHONE_CUE}[^.;\n]{{0,40}}?(?<![\d.-])(?P<hit>\d{{3}}[-.]\d{{4}}\b{_PHONE_TAIL})"
        r"(?![\d-]|\.\d)",
    ),
    # Dates finer than a year.
    _r(Kind.DATE, rf"\b{_MONTH}\.?\s+{_DAY}(?:,?\s+{_YEAR})?\b(?![:/.]\d)"),
    _r(Kind.DATE, rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\.?(?:,?\s+{_YEAR})?\b"),
    _r(Kind.DATE, rf"\b{_MONTH}\.?,?\s+(?:of\s+)?{_YEAR}\b"),
    _r(Kind.DATE, r"\b(?:0?[1-9]|1[0-2])[/-](?:0?[1-9]|[12]\d|3[01])[/-](?:\d{4}|\d{2})\b"),
    _r(Kind.DATE, rf"\b{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"),
    _r(
        Kind.DATE,
        r"(?i:\b(?:on|admitted|discharged|seen|since|dob:?|born|until|by|after|before|dated"
        rf"|through|starting|effective|{_WEEKDAY},?))\s+"
        r"(?P<hit>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01]))(?![/\d])",
    ),
    # A weekday with an ordinal day ("Tuesday the 12th"), or an ordinal day alone ("the 14th").
    _r(Kind.DATE, rf"\b{_WEEKDAY},?\s+the\s+{_DAY}\b"),
    _r(
        Kind.DATE,
        rf"\bthe\s+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b{_NOT_A_DAY}(?!\s+(?:of\s+)?{_MONTH})",
    ),
    # A holiday with its year pins the day ("Christmas Eve 2023").
    _r(
        Kind.DATE,
        r"\b(?:Christmas(?: Eve| Day)?|New Year'?s(?: Eve| Day)?|Thanksgiving(?: Day)?"
        r"|Independence Day|Fourth of July|Halloween|Easter(?: Sunday)?|Valentine'?s Day"
        r"|Memorial Day|Labor Day|Veterans Day|Mother'?s Day|Father'?s Day)"
        rf",?\s+(?:of\s+)?{_YEAR}\b",
    ),
    # Ages over 89 (90–119, in digits or words).
    _r(
        Kind.AGE,
        rf"\b{_AGE_NUMBER}(?:[- ](?:years?|yrs?)[- ]old|[- ]?(?:yo|y/o|y\.o\.)(?!\w)"
        r"|[- ]year[- ]old)",
        re.IGNORECASE,
    ),
    _r(Kind.AGE, rf"\b(?:aged?|age of)\s+{_AGE_NUMBER}\b", re.IGNORECASE),
    _r(
        Kind.AGE,
        r"\b(?:in (?:his|her|their) )?(?:(?:early|mid|late)[- ])?(?:90s|nineties|hundreds)\b",
    ),
    # "Maria Lopez, 92, was …": a number set off by commas right after a capitalised word.
    _r(Kind.AGE, rf"\b[A-Z][a-z]+,\s+(?P<hit>{_AGE_DIGITS})(?=,\s+[a-z])"),
    # "At 93, she …" at the start of a sentence.
    _r(Kind.AGE, rf"(?:^|[.!?;]\s+)At\s+(?P<hit>{_AGE_NUMBER}),"),
    # "he was 96 and …", "the patient was ninety-one": checked against measurement words by
    # AGE_MEASUREMENT_CONTEXT below, so "her pulse was 96" stays clean.
    _r(
        Kind.AGE,
        rf"\b(?:is|was|turned|turns|now)\s+(?P<hit>{_AGE_NUMBER})"
        r"(?=\s*(?:[,;.!?)]|$|and\b|but\b|when\b|with\b|at the time\b))",
    ),
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
    # A street named without a house number: "on Elm Street", "Birchwood Avenue".
    _r(
        Kind.ADDRESS,
        r"\b(?!(?:The|A|An|This|That|Our|Their|His|Her|Its|Every|Each|No)\s)"
        rf"(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){{1,3}}{_STREET_WORD}\b",
    ),
    _r(
        Kind.ADDRESS,
        r"\b(?:on|at|off|along|near)\s+"
        rf"(?P<hit>(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){{1,3}}{_STREET_AFTER_CUE})",
    ),
    _r(Kind.ADDRESS, r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s(?:County|Parish|Borough)\b"),
    _r(Kind.ADDRESS, r"\bP\.?\s?O\.?\s+Box\s+\d+\b", re.IGNORECASE),
    # A town-like place name after a place preposition: "from Millbrook", "in Eastport".
    _r(
        Kind.ADDRESS,
        rf"\b(?:[Ii]n|[Ff]rom|to|near|outside(?: of)?|around|toward|via)\s+(?P<hit>{_TOWN})\b",
    ),
    _r(Kind.ADDRESS, rf"(?<=\s){_STATE_ABBR}\s+\d{{5}}(?:-\d{{4}})?\b"),
    _r(Kind.ADDRESS, rf"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=,\s+{_STATE_ABBR}\b)"),
    _r(Kind.ADDRESS, rf"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=,\s+{_STATE_NAME}\b)"),
    _r(Kind.ADDRESS, r"(?i:\bzip(?: code)?|\bpostal code)\s*[:#]?\s*(?P<hit>\d{5}(?:-\d{4})?)\b"),
    _r(Kind.ADDRESS, r"\b\d{5}-\d{4}\b"),
    # Other unique numbers: long digit runs, or a number after "ID"/"#".
    _r(Kind.OTHER_NUMBER, r"(?<![\d.,/-])\d{7,}(?![\d.,/]\d)"),
    _r(Kind.OTHER_NUMBER, r"(?:\bID|#)\s*:?\s*(?P<hit>[A-Z]{0,3}\d{5,})\b"),
)

# Words that the town pattern above would take for a place but that are not one (or are a
# state or a country, which Safe Harbor allows).
NOT_PLACES = frozenset(
    [
        "Support",
        "Report",
        "Passport",
        "Transport",
        "Review",
        "Interview",
        "Overview",
        "Preview",
        "Island",
        "England",
        "New England",
        "Finland",
        "Ireland",
        "Poland",
        "Thailand",
        "Scotland",
        "Switzerland",
        "Holland",
        "Iceland",
        "Greenland",
        "New Zealand",
        "New Guinea",
        "New Year",
        "New Patient",
        "New Patients",
        "South Africa",
        "South America",
        "North America",
        "South Sudan",
        "South Korea",
        "North Korea",
        "East Africa",
        "West Africa",
        "East Asia",
        "South Asia",
        "East Timor",
        "Downtown",
    ]
)

# Measurement words before a bare number: "her pulse was 96" is not an age.
AGE_MEASUREMENT_CONTEXT = re.compile(
    r"(?i:\b(?:sat(?:uration)?s?|SpO2|O2|oxygen|pulse|HR|heart rate|rate|RR|BP|pressure|temp"
    r"|temperature|glucose|sugar|sodium|potassium|chloride|weight|weighed|score|level|count"
    r"|percent|reading|result|value|dose|volume|length|size|number|total|MAP|GFR|eGFR|A1c"
    r"|height|IQ|FEV1|EF|ejection fraction|room|bed|bay|unit|floor|minutes?|hours?|days?)\b)"
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
