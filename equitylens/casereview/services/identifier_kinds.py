"""The kinds of identifier the scan reports, with the plain-language text shown to a submitter."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    NAME = "name"
    DATE = "date"
    AGE = "age_over_89"
    PHONE = "phone"
    FAX = "fax"
    EMAIL = "email"
    SSN = "ssn"
    RECORD_NUMBER = "record_number"
    OTHER_IDENTIFIER = "plan_licence_device_vehicle"
    ADDRESS = "address"
    URL = "url"
    IP_ADDRESS = "ip_address"
    OTHER_NUMBER = "other_number"
    COMBINATION = "combination"


EXPLANATIONS: dict[Kind, tuple[str, str]] = {
    Kind.NAME: (
        "This looks like a person's name. Names of patients, relatives or staff identify them.",
        "Replace the name with a role, e.g. “the patient”, “her daughter”, “the night nurse”.",
    ),
    Kind.DATE: (
        "This is a date finer than a year (a day or a month). HIPAA Safe Harbor allows "
        "the year only.",
        "Replace with a year only, e.g. 2024, or a relative time, e.g. “on day 3 of the stay”.",
    ),
    Kind.AGE: (
        "Ages over 89 are identifying because few people reach them.",
        "Write “90 or older” instead of the exact age.",
    ),
    Kind.PHONE: (
        "This is a telephone number.",
        "Remove the phone number; it is never needed to discuss the case.",
    ),
    Kind.FAX: (
        "This is a fax number.",
        "Remove the fax number; it is never needed to discuss the case.",
    ),
    Kind.EMAIL: (
        "This is an e-mail address.",
        "Remove the e-mail address; refer to the person by role.",
    ),
    Kind.SSN: (
        "This is a Social Security number.",
        "Remove the Social Security number entirely.",
    ),
    Kind.RECORD_NUMBER: (
        "This is a medical record, account or encounter number.",
        "Remove the MRN; refer to the record by its system ID in the case file's reference "
        "field instead.",
    ),
    Kind.OTHER_IDENTIFIER: (
        "This is a health plan, licence, device or vehicle identifier.",
        "Remove the identifier; describe it in general terms, e.g. “her insurance ID”, "
        "“the pump's serial number”.",
    ),
    Kind.ADDRESS: (
        "This is an address or place finer than a state (street, ZIP code, city or town).",
        "Replace with the state or a general description, e.g. “a rural county in Ohio”.",
    ),
    Kind.URL: (
        "This is a web address, which may lead to a person or a record.",
        "Remove the link; describe the page in words if it matters.",
    ),
    Kind.IP_ADDRESS: (
        "This is an IP address, which can identify a device or a person.",
        "Remove the IP address.",
    ),
    Kind.OTHER_NUMBER: (
        "This long number may be a unique identifier.",
        "Remove the number unless it is a dose, a lab value or a code; refer to records by "
        "their system ID in the case file's reference field.",
    ),
    Kind.COMBINATION: (
        "Together, these details may point to a small group of people, even without a name.",
        "Generalise one of them: drop the month, name the service line instead of the unit, "
        "or describe the diagnosis more broadly.",
    ),
}
