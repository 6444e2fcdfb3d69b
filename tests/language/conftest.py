"""A small guide written for the checker's tests (independent of the shipped guide)."""

from __future__ import annotations

import pytest

from equitylens.language.services.checker import Checker
from equitylens.language.services.guide import Guide, load_guide_text

SMALL_GUIDE = """
version: 1
title: Test guide
sources:
  test-source:
    title: A test source
    publisher: Nobody
    year: 2024
categories: [race_ethnicity, disability, mental_health, substance_use, age, gender_sexuality,
  socioeconomic_housing, immigration, incarceration, body_size, clinical_documentation, workplace]
entries:
  - id: the-homeless
    category: socioeconomic_housing
    term: homeless
    variants: [homeless]
    alternatives: [people experiencing homelessness]
    explanation: Naming a housing situation as a group noun defines people by one circumstance.
    sources: [test-source]
    severity: suggestion
    context:
      - rule: standalone
  - id: the-diabetic
    category: clinical_documentation
    term: diabetic (as a noun)
    variants: [diabetic, diabetics]
    alternatives: [person with diabetes]
    explanation: The condition is something a person has, not who the person is in the chart.
    sources: [test-source]
    severity: suggestion
    context:
      - rule: unless_followed_by
        words: [foot, ketoacidosis, retinopathy, neuropathy, diet]
      - rule: only_when_preceded_by
        words: [the, a, an, every, "is a"]
  - id: blacklist
    category: workplace
    term: blacklist
    variants: [blacklist, blacklists, blacklisted, blacklisting]
    alternatives: [blocklist, denylist]
    explanation: Ties "black" to bad and "white" to good; a plain word says what the list does.
    sources: [test-source]
    severity: suggestion
  - id: black-sheep
    category: workplace
    term: black sheep
    variants: [black sheep]
    alternatives: [outlier]
    explanation: Another black-as-bad idiom; say what you mean about the person.
    sources: [test-source]
    severity: suggestion
    context:
      - rule: except_in
        phrases: ["black sheep farm"]
  - id: noncompliant
    category: clinical_documentation
    term: noncompliant
    variants: [non-compliant, noncompliance]
    alternatives: [not taking the medication as prescribed because …]
    explanation: Blames the patient and hides the reason (cost, side effects, access) that care can address.
    sources: [test-source]
    severity: caution
  - id: drug-abuser
    category: substance_use
    term: drug abuser
    variants: [drug abuser, drug abusers, drug abuse]
    alternatives: [person who uses drugs, substance use disorder]
    explanation: Abuse language raises blame and lowers the care clinicians offer.
    sources: [test-source]
    severity: caution
    context:
      - rule: quoted_ok
  - id: illegal-noun
    category: immigration
    term: illegals
    variants: [illegals]
    alternatives: [undocumented immigrants]
    explanation: A person cannot be illegal; name the immigration status instead.
    sources: [test-source]
    severity: caution
  - id: master-slave
    category: workplace
    term: master/slave
    variants: [master/slave, master-slave, slave]
    alternatives: [primary/replica]
    explanation: Borrowing slavery as a technical metaphor is needless and hurtful.
    sources: [test-source]
    severity: suggestion
  - id: blacks-noun
    category: race_ethnicity
    term: blacks (as a noun)
    variants: [Blacks]
    alternatives: [Black people]
    explanation: A colour adjective turned into a noun for people reduces them to race.
    sources: [test-source]
    severity: caution
    case_sensitive: true
    context:
      - rule: note
        text: Capitalize Black as an adjective for people; do not use it as a plural noun.
"""


@pytest.fixture(scope="session")
def small_guide() -> Guide:
    return load_guide_text(SMALL_GUIDE)


@pytest.fixture(scope="session")
def checker(small_guide: Guide) -> Checker:
    return Checker(small_guide)
