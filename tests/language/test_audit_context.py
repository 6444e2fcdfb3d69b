"""Which descriptor mentions count: negation, pseudo-negation, hypothetical, other people."""

from __future__ import annotations

import pytest

from equitylens.language.services.audit.lexicon import default_lexicon
from equitylens.language.services.audit.scan import find_in_note


def verdicts(text: str) -> list[tuple[str, str]]:
    return [(text[s:e].lower(), v) for _, s, e, v in find_in_note(text, default_lexicon())]


@pytest.mark.parametrize(
    "text",
    [
        "Patient is not agitated.",
        "No signs of aggression.",
        "She denies feeling angry.",
        "He was calm, without combative behavior.",
        "Patient wasn't belligerent at any point.",
        "Agitation resolved after pain control.",
    ],
)
def test_negated_mentions_are_not_counted(text: str) -> None:
    [(_, verdict)] = verdicts(text)
    assert verdict == "negated"


@pytest.mark.parametrize(
    "text",
    [
        "There was no change in her agitation overnight.",
        "No increase in aggression, which remains severe.",
        "Not only agitated but combative.",
    ],
)
def test_pseudo_negation_does_not_negate(text: str) -> None:
    assert {v for _, v in verdicts(text)} == {"counted"}


def test_negation_scope_ends_at_but() -> None:
    assert verdicts("Not agitated but combative with staff.") == [
        ("agitated", "negated"),
        ("combative", "counted"),
    ]


def test_negation_scope_ends_after_eight_words() -> None:
    text = "No fever, chills, cough, nausea, vomiting, diarrhea, rash or headache; agitated."
    assert verdicts(text) == [("agitated", "counted")]
    far = "No fever or chills were noted today during the long visit and he was agitated."
    assert verdicts(far) == [("agitated", "counted")]


@pytest.mark.parametrize(
    "text",
    [
        "Call the team if she becomes agitated.",
        "Haloperidol 2 mg prn agitation.",
        "Monitor for aggression overnight.",
    ],
)
def test_hypothetical_mentions_are_not_counted(text: str) -> None:
    [(_, verdict)] = verdicts(text)
    assert verdict == "hypothetical"


@pytest.mark.parametrize(
    "text",
    [
        "Her son was aggressive with security.",
        "Family members were angry about the wait.",
        "His wife was hysterical on the phone.",
    ],
)
def test_descriptors_about_other_people_are_not_counted(text: str) -> None:
    [(_, verdict)] = verdicts(text)
    assert verdict == "other_experiencer"


def test_a_patient_reference_after_the_family_member_makes_it_about_the_patient() -> None:
    assert verdicts("Her husband reports that she was combative.") == [("combative", "counted")]


def test_clinical_uses_are_not_descriptors() -> None:
    assert verdicts("Started aggressive fluid resuscitation. No psychomotor agitation.") == [
        ("aggressive", "clinical_use"),
        ("agitation", "clinical_use"),
    ]
    assert verdicts("Insurance claims were filed; history of alcoholic cirrhosis.") == [
        ("claims", "clinical_use"),
        ("alcoholic", "clinical_use"),
    ]


def test_credibility_wording_counts_even_inside_a_negation_scope() -> None:
    # "denies fever and claims ..." still casts doubt: the category opts out of negation.
    assert verdicts("Denies fever and claims the pain is 10/10.") == [("claims", "counted")]


def test_historical_mentions_still_describe_the_patient() -> None:
    assert verdicts("History of aggressive behavior toward staff.") == [("aggressive", "counted")]


def test_offsets_are_character_offsets_in_the_original_text() -> None:
    text = "Ärztin: İstanbul-born pt was COMBATIVE."
    [(descriptor, start, end, verdict)] = find_in_note(text, default_lexicon())
    assert (descriptor, text[start:end], verdict) == ("combative", "COMBATIVE", "counted")
