"""The identifier scan, kind by kind: what it flags, exact offsets, and what it leaves alone."""

from __future__ import annotations

import itertools

import pytest

from equitylens.casereview.services.identifiers import Kind, scan_combinations, scan_text


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind.value, f.text) for f in scan_text(text)]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Mr. Alvarez was admitted.", Kind.NAME, "Mr. Alvarez"),
        ("Seen by Dr. Kenji Sato today.", Kind.NAME, "Dr. Kenji Sato"),
        ("Patient Rosa Delgado called twice.", Kind.NAME, "Rosa Delgado"),
        ("Her husband Tomas translated.", Kind.NAME, "Tomas"),
        ("Maria told the nurse.", Kind.NAME, "Maria"),
        ("Admitted on March 3, 2024 overnight.", Kind.DATE, "March 3, 2024"),
        ("Referred in October 2023 by her GP.", Kind.DATE, "October 2023"),
        ("DOB 04/12/1951 on the face sheet.", Kind.DATE, "04/12/1951"),
        ("The event on 2024-02-17 was reported.", Kind.DATE, "2024-02-17"),
        ("Discharged on 6/14 without follow-up.", Kind.DATE, "6/14"),
        ("A 93-year-old man fell.", Kind.AGE, "93-year-old"),
        ("A woman aged 94 waited.", Kind.AGE, "aged 94"),
        ("Call 555-201-3344 after noon.", Kind.PHONE, "555-201-3344"),
        ("Faxed to (312) 555-0199 twice.", Kind.FAX, "(312) 555-0199"),
        ("Please fax the consent to 617-555-0123 today.", Kind.FAX, "617-555-0123"),
        ("Write to rdelgado@example.org now.", Kind.EMAIL, "rdelgado@example.org"),
        ("Her SSN 123-45-6789 was printed.", Kind.SSN, "123-45-6789"),
        ("MRN 00123456 was merged.", Kind.RECORD_NUMBER, "MRN 00123456"),
        (
            "Medical record # 4471203 has a duplicate.",
            Kind.RECORD_NUMBER,
            "Medical record # 4471203",
        ),
        ("Billing opened acct 12345 today.", Kind.RECORD_NUMBER, "acct 12345"),
        ("The CSN 40021987 tied them.", Kind.RECORD_NUMBER, "CSN 40021987"),
        ("Medicaid ID MCD7781234 inactive.", Kind.OTHER_IDENTIFIER, "Medicaid ID MCD7781234"),
        ("VIN 1HGCM82633A004352 towed.", Kind.OTHER_IDENTIFIER, "VIN 1HGCM82633A004352"),
        ("Home at 1420 Cedar Ridge Road had no heat.", Kind.ADDRESS, "1420 Cedar Ridge Road"),
        ("Her ZIP code 60614 was used.", Kind.ADDRESS, "60614"),
        ("ZIP 60614-2231 on file.", Kind.ADDRESS, "60614-2231"),
        ("She lives in Maple Falls alone.", Kind.ADDRESS, "Maple Falls"),
        ("See https://portal.example.org/m/8812.", Kind.URL, "https://portal.example.org/m/8812"),
        ("Login from 192.168.10.4 at night.", Kind.IP_ADDRESS, "192.168.10.4"),
        ("Card showed ID 884412019.", Kind.OTHER_NUMBER, "884412019"),
        # Ages over 89 without "year-old".
        ("Joseph Mensah, 94, was sent home.", Kind.AGE, "94"),
        ("He was 96 and lived alone.", Kind.AGE, "96"),
        ("At 93, she managed her own pills.", Kind.AGE, "93"),
        ("A ninety-six-year-old veteran waited.", Kind.AGE, "ninety-six-year-old"),
        ("He is in his early nineties.", Kind.AGE, "in his early nineties"),
        # Names from relatives, staff roles, family titles, initials and a set-off age.
        ("Her grandson Marco picked it up.", Kind.NAME, "Marco"),
        ("Chaplain Ortiz sat with the family.", Kind.NAME, "Ortiz"),
        ("Uncle Benny drove her.", Kind.NAME, "Benny"),
        ("The chart called her R.M. throughout.", Kind.NAME, "R.M."),
        ("Dr. A. Whitcombe signed it.", Kind.NAME, "Dr. A. Whitcombe"),
        ("Joseph Mensah, 94, was sent home.", Kind.NAME, "Joseph Mensah"),
        # Dates: ordinal days, weekday + day, holiday + year, cued day/month.
        ("By the 21st she had lost weight.", Kind.DATE, "the 21st"),
        ("On Friday the 13th no interpreter came.", Kind.DATE, "Friday the 13th"),
        ("Admitted on Christmas Eve 2023 alone.", Kind.DATE, "Christmas Eve 2023"),
        ("Seen again after 5/9 in clinic.", Kind.DATE, "5/9"),
        # Phones with extensions and 7-digit local numbers after a phone cue.
        ("Reach her at 415-555-0139 ext 22 today.", Kind.PHONE, "415-555-0139 ext 22"),
        ("The pharmacy called her at 555-0147 twice.", Kind.PHONE, "555-0147"),
        # Streets without a house number, towns after a place word, city + state name.
        ("They live on Birchwood Avenue now.", Kind.ADDRESS, "Birchwood Avenue"),
        ("She lives on Elm St. near the park.", Kind.ADDRESS, "Elm St."),
        ("He was transported from Millbrook overnight.", Kind.ADDRESS, "Millbrook"),
        ("The family is from Fairhaven, Massachusetts.", Kind.ADDRESS, "Fairhaven"),
    ],
)
def test_each_kind_is_found_with_exact_offsets(text: str, kind: Kind, expected: str) -> None:
    findings = [f for f in scan_text(text) if f.kind is kind]
    assert [f.text for f in findings] == [expected]
    finding = findings[0]
    assert text[finding.start : finding.end] == expected
    assert finding.explanation and finding.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "In 2024 she started metformin 500 mg twice daily.",
        "HbA1c 9.2, eGFR 48, coded E11.9 and Z59.0.",
        "An 89-year-old woman and a 67 year old man.",
        "Seen at 14:00 and again at 02:30.",
        "BP 182/104, pain 8 out of 10, PHQ-9 of 14, GCS 13.",
        "He lives in Ohio; she is a resident of New York.",
        "Patient Experience and Patient Relations were called.",
        "CPT 99214 was billed; 2 units of red cells; 142 kg.",
        "The policy changed in 2022 after 14 cases.",
        # Bare numbers over 89 that are measurements, not ages.
        "Her pulse was 96 and her saturation was 94.",
        "The score was 92, well above threshold.",
        "He was 95% adherent to his medications.",
        # Ordinals and fractions that are not days.
        "She was seen on the 3rd floor on the 2nd day, for the 4th time.",
        "Pain was 8/10, strength 5/5; give 1/2 tablet.",
        # Capitalised words that look like streets, towns or names but are not.
        "The Street Medicine team visited the camp.",
        "She was referred to Support Services and moved from Washington to Maryland.",
        "The covering Dr. never returned the page; the U.S. guideline and the E.D. team agreed.",
        "Her friend, a Spanish speaker, translated.",
    ],
)
def test_clinical_text_without_identifiers_is_left_alone(text: str) -> None:
    assert scan_text(text) == []


def test_overlapping_findings_are_merged_longest_wins() -> None:
    text = "Write to j.ellis@northside.example today."
    findings = scan_text(text)
    # The domain alone could look like a web address; the longer e-mail wins.
    assert [(f.kind, f.text) for f in findings] == [(Kind.EMAIL, "j.ellis@northside.example")]


def test_findings_come_in_order_and_do_not_overlap() -> None:
    text = "Mr. Alvarez, MRN 00123456, seen March 3, 2024, call 555-201-3344."
    findings = scan_text(text)
    assert [f.kind for f in findings] == [Kind.NAME, Kind.RECORD_NUMBER, Kind.DATE, Kind.PHONE]
    for earlier, later in itertools.pairwise(findings):
        assert earlier.end <= later.start


def test_offsets_hold_with_unicode_before_the_finding() -> None:
    text = "Café staff – “Mrs. Nguyen” – MRN 7781234."
    for finding in scan_text(text):
        assert text[finding.start : finding.end] == finding.text
    assert ("record_number", "MRN 7781234") in found(text)


def test_suggestions_are_specific() -> None:
    (mrn,) = scan_text("MRN 00123456")
    assert "reference field" in mrn.suggestion
    (date,) = scan_text("on March 3, 2024")
    assert "year only" in date.suggestion


def test_combination_of_race_rare_diagnosis_and_month_is_flagged() -> None:
    text = "A Hmong woman with sickle cell disease on 4 West in March was under-treated."
    (finding,) = scan_combinations(text)
    assert finding.kind is Kind.COMBINATION
    assert finding.text == "Hmong woman with sickle cell disease on 4 West in March"
    assert "Hmong" in finding.explanation and "March" in finding.explanation


def test_combination_with_unit_and_full_date() -> None:
    text = "A Navajo teenager in the PICU on 12/03/2023."
    (finding,) = scan_combinations(text)
    assert "PICU" in finding.explanation


@pytest.mark.parametrize(
    "text",
    [
        "Black patients on our units waited longer in 2023.",
        "A Somali mother in the NICU asked for a female interpreter.",
        "A patient with sickle cell disease in March.",
    ],
)
def test_incomplete_combinations_are_not_flagged(text: str) -> None:
    assert scan_combinations(text) == []


def test_empty_text() -> None:
    assert scan_text("") == []
    assert scan_combinations("") == []
