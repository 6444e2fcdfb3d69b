"""Name detection from cues: titles, role words, "named …", and a list of common given names.

No registry-installable named-entity model is used (see docs/decisions/0010-identifier-scan.md),
so names are found only where the text gives a cue. Names without any cue are missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_WORD = r"[A-Z][a-z]+(?:['-][A-Z][a-z]+)?"
_NAME = rf"{_WORD}(?:\s+(?:[A-Z]\.\s+)?{_WORD})?"

# "Mr. Alvarez", "Dr. Okonkwo-Reed", "Dr. A. Whitcombe": the title is part of what to replace.
TITLED = re.compile(rf"\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Rev|Fr)\.?\s+(?:[A-Z]\.\s+)?{_NAME}")
# "patient Rosa Delgado", "named Tomas": the cue is context, only the name is the finding.
CUED = re.compile(
    r"(?:\b(?:[Pp]atient|[Pp]t\.?|[Nn]urse|RN|NP|PA|[Aa]ttending|[Rr]esident|[Ss]ocial worker"
    r"|[Ii]nterpreter|(?:chosen|preferred|first|last) name|[Nn]amed|[Cc]alled|name is"
    r"|names? (?:are|were)|goes by|[Hh]usband"
    r"|[Ww]ife|[Dd]aughter|[Ss]on|[Mm]other|[Ff]ather|[Pp]artner|[Ss]ister|[Bb]rother"
    # More relatives and people close to the patient.
    r"|grand(?:son|daughter|mother|father|child|ma|pa)|(?:step|half-)(?:son|daughter|mother"
    r"|father|sister|brother)|nephew|niece|aunt|uncle|cousin|neighbou?r|friend|roommate"
    r"|caregiver|guardian|spouse|fianc[eé]e?|boyfriend|girlfriend"
    # More staff roles.
    r"|[Cc]haplain|[Oo]fficer|[Pp]ractitioner|[Tt]herapist|[Pp]harmacist|[Tt]echnician"
    r"|[Mm]idwife|[Dd]oula|[Pp]aramedic|EMT|CNA|LPN|[Aa]ide|[Ss]urgeon|[Pp]hysician"
    r"|[Dd]octor|[Cc]linician|[Cc]oordinator|[Nn]avigator|[Cc]ounsel(?:l)?or|[Dd]ietitian"
    r"|[Ss]cribe|[Gg]uard|[Cc]lerk|[Rr]eceptionist|[Ii]ntern|[Ff]ellow|[Cc]ase manager"
    r"|[Vv]olunteer|[Pp]rovider|[Ss]tudent)"
    r",?\s+)"
    rf"(?P<hit>{_NAME})"
)
# "Grandpa Joe", "Uncle Benny", "Tía Carmen": a family title written like an honorific.
KIN_TITLED = re.compile(
    r"\b(?:Grandma|Grandpa|Granny|Nana|Papa|Mama|Uncle|Aunt|Auntie|T[ií]a|T[ií]o|Abuela"
    rf"|Abuelo|Cousin)\s+(?P<hit>{_WORD})"
)
# "J.D.", "R. M.": initials standing for a person.
INITIALS = re.compile(r"(?<![\w.])(?P<hit>[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.)?)(?![\w])")
NOT_INITIALS = frozenset(
    [
        "U.S.",
        "U.K.",
        "M.D.",
        "D.O.",
        "R.N.",
        "N.P.",
        "P.A.",
        "P.O.",
        "E.D.",
        "I.V.",
        "O.R.",
        "D.C.",
        "L.A.",
        "N.Y.",
        "A.M.",
        "P.M.",
        "B.S.",
        "B.A.",
        "M.S.",
        "M.A.",
        "R.D.",
        "L.P.",
        "C.T.",
        "E.R.",
        "O.T.",
        "P.T.",
        "S.W.",
        "N.B.",
        "P.S.",
        "E.G.",
        "I.E.",
        "U.N.",
    ]
)
# "Joseph Mensah, 94, was …": a name set off with an age.
NAME_WITH_AGE = re.compile(rf"(?P<hit>{_NAME}),\s+\d{{1,3}},\s+(?=[a-z])")

# Capitalised words that follow a cue word but are not names.
NOT_NAMES = frozenset(
    [
        "Safety",
        "Experience",
        "Portal",
        "Care",
        "Advocate",
        "Advocacy",
        "Relations",
        "Services",
        "Education",
        "Navigator",
        "Navigation",
        "Family",
        "Financial",
        "English",
        "Spanish",
        "Black",
        "White",
        "Hispanic",
        "Latino",
        "Latina",
        "Latinx",
        "Asian",
        "Native",
        "American",
        "African",
        "Arab",
        "Somali",
        "Hmong",
        "Haitian",
        "Creole",
        "Vietnamese",
        "Korean",
        "Chinese",
        "Mandarin",
        "Cantonese",
        "Tagalog",
        "Russian",
        "Portuguese",
        "Arabic",
        "French",
        "Polish",
        "Medicaid",
        "Medicare",
        "The",
        "This",
        "That",
        "Intensive",
        "Emergency",
        "Labor",
        "Unit",
        "Manager",
        "Leader",
        "Director",
        "Council",
        "Committee",
        "Handbook",
        "Portal",
        "Week",
        "Day",
        "Night",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Was",
        "Is",
        "Has",
        "Had",
        "And",
        "But",
        "Who",
        "With",
        "Without",
        "From",
        "Admission",
        "Discharge",
        "ICU",
        "NICU",
        "Patient",
        "Patients",
        "Pt",
        "Nurse",
        "Doctor",
        "Dr",
        "Mr",
        "Mrs",
        "Ms",
        "County",
        "Hospital",
        "Clinic",
        "Health",
        "Center",
        "Medical",
        "Medicine",
        "Surgery",
        "Pediatrics",
        "Cardiology",
        "Oncology",
        "Neurology",
        "Psychiatry",
        "Radiology",
        "Palliative",
        "Pharmacy",
        "Security",
        "Social",
        "Work",
        "Case",
        "Management",
        "Planning",
        "Team",
        "Office",
        "Department",
        "Services",
        "Program",
        "Practitioner",
        "Assistant",
        "Swahili",
        "Amharic",
        "Tigrinya",
        "Nepali",
        "Hindi",
        "Gujarati",
        "Urdu",
        "Punjabi",
        "Bengali",
        "Farsi",
        "Dari",
        "Pashto",
        "Japanese",
        "Italian",
        "German",
        "Greek",
        "Ukrainian",
        "Khmer",
        "Lao",
        "Thai",
        "Yoruba",
        "Igbo",
        "Navajo",
        "Marshallese",
        "Burmese",
        "Deaf",
        "ASL",
        "On",
        "In",
        "At",
        "After",
        "Before",
        "When",
        "Yesterday",
        "Today",
        "Tonight",
        "Overnight",
    ]
)

# A short list of given names common in the US across communities. A name from this list
# followed by a capitalised word ("Maria Lopez") or alone mid-sentence ("… told Maria …") is
# flagged. Extend it when the labelled set shows misses.
GIVEN_NAMES = frozenset(
    [
        "Aaliyah",
        "Abdi",
        "Adriana",
        "Ahmed",
        "Aisha",
        "Alejandro",
        "Alicia",
        "Amir",
        "Ana",
        "Andre",
        "Angela",
        "Anthony",
        "Antonio",
        "Armando",
        "Carlos",
        "Carmen",
        "Chen",
        "Daniel",
        "Darnell",
        "Deshawn",
        "DeShawn",
        "Diego",
        "Dmitri",
        "Dolores",
        "Elena",
        "Emily",
        "Esperanza",
        "Fatima",
        "Francisco",
        "Gabriela",
        "Grace",
        "Guadalupe",
        "Hana",
        "Hector",
        "Ibrahim",
        "Imani",
        "Isabel",
        "Jamal",
        "Jasmine",
        "Javier",
        "Jennifer",
        "Jesus",
        "Jorge",
        "Jose",
        "Juan",
        "Kenji",
        "Keisha",
        "Kwame",
        "Lakisha",
        "LaToya",
        "Latoya",
        "Leticia",
        "Linh",
        "Lucia",
        "Luis",
        "Malik",
        "Marcus",
        "Maria",
        "Mariana",
        "Marisol",
        "Mei",
        "Miguel",
        "Min",
        "Mohammed",
        "Muhammad",
        "Nadia",
        "Nguyen",
        "Omar",
        "Oksana",
        "Pedro",
        "Priya",
        "Rafael",
        "Ramon",
        "Rashid",
        "Rosa",
        "Samir",
        "Sandra",
        "Sofia",
        "Tamika",
        "Terrell",
        "Thanh",
        "Tomas",
        "Tyrone",
        "Valentina",
        "Wei",
        "Xavier",
        "Yolanda",
        "Yusuf",
        "Zainab",
        "Michael",
        "James",
        "Robert",
        "John",
        "David",
        "William",
        "Mary",
        "Patricia",
        "Linda",
        "Barbara",
        "Elizabeth",
        "Susan",
        "Jessica",
        "Sarah",
        "Karen",
        "Nancy",
        "Betty",
        "Dorothy",
        "Ruth",
        "Helen",
        "Margaret",
        "Ethel",
        "Mildred",
        "Walter",
        "Harold",
        "Earl",
    ]
)
_GIVEN = re.compile(r"\b(?P<hit>[A-Z][a-z]+(?:\s+" + _WORD + r")?)")


def _trim(name: str, start: int, *, titled: bool = False) -> tuple[int, int] | None:
    """Drop trailing words that are not names; None if nothing name-like is left."""
    words = name.split()
    while len(words) > titled and words[-1].rstrip(".") in NOT_NAMES:
        words.pop()
    if len(words) <= titled or (not titled and words[0] in NOT_NAMES):
        return None
    kept = " ".join(words)
    # Keep exact offsets: the kept text is a prefix of the original (single spaces assumed).
    if not name.startswith(kept):
        kept = words[0]
    return start, start + len(kept)


def find_names(text: str) -> Iterator[tuple[int, int]]:
    """Spans of likely person names in ``text`` (start, end)."""
    for match in TITLED.finditer(text):
        words = match.group(0).split()
        if len(words) > 1 and words[1] not in NOT_NAMES:
            span = _trim(match.group(0), match.start(), titled=True)
            if span:
                yield span
    for pattern in (CUED, KIN_TITLED, NAME_WITH_AGE):
        for match in pattern.finditer(text):
            span = _trim(match.group("hit"), match.start("hit"))
            if span:
                yield span
    for match in INITIALS.finditer(text):
        if match.group("hit").replace(" ", "") not in NOT_INITIALS:
            yield match.span("hit")
    for match in _GIVEN.finditer(text):
        words = match.group("hit").split()
        if words[0] not in GIVEN_NAMES:
            continue
        second_is_name = len(words) > 1 and words[1] not in NOT_NAMES
        end = match.end("hit") if second_is_name else match.start("hit") + len(words[0])
        yield match.start("hit"), end
