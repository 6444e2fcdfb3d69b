"""Every context rule in the shipped guide, tested with its real entry.

Each entry that has evaluated rules gets sentences where the term must be reported
(the expected match is marked [[like this]]) and sentences where the rule says it is
fine. A meta-test keeps the table complete: an entry given a rule without examples here
fails the suite.
"""

from __future__ import annotations

import re

import pytest

from equitylens.language.services.checker import Checker, default_checker
from equitylens.language.services.evaluation import Labelled, load_evaluation_set, score
from equitylens.language.services.guide import default_guide

# entry id -> (sentences where it is flagged, sentences where it is not)
CASES: dict[str, tuple[list[str], list[str]]] = {
    "minorities": (["Recruit [[minorities]] for the trial."], ["Sexual and gender minorities."]),
    "caucasian": (["[[Caucasian]] male, 62."], ["The Caucasian languages are diverse."]),
    "oriental": (["An [[Oriental]] woman, 40."], ["An oriental rug in the lobby."]),
    "colored-people": (
        ['Sources called them "[[colored people]]".'],
        ["The National Association for the Advancement of Colored People met."],
    ),
    "blacks-as-noun": (["[[Blacks]] were excluded."], ["The screen blacks out at night."]),
    "whites-as-noun": (
        ["Rates among [[whites]] fell."],
        ["Whites of the eyes were yellow.", "Separate the egg whites."],
    ),
    "powwow": (
        ["Let's have a quick [[powwow]] after standup.", "A [[pow wow]] with sales."],
        ["The tribal nation's annual powwow opens Friday."],
    ),
    "off-the-reservation": (
        ["He went [[off the reservation]] on pricing."],
        ["Off-reservation housing for tribal members is scarce."],
    ),
    "hard-to-reach": (["Outreach to [[hard-to-reach]] populations."], ["A hard-to-reach shelf."]),
    "underserved": (["[[Underserved]] communities."], ["Historically underserved communities."]),
    "suffers-from": (
        ["He [[suffers from]] asthma.", 'Replace "[[suffers from]] asthma" with "has asthma".'],
        ["The study suffers from selection bias.", 'She said "I suffer from migraines."'],
    ),
    "victim-of-illness": (["A [[victim of]] polio."], ["A victim of the flood."]),
    "cripple": (["He is a [[cripple]]."], ['He said "I felt like a cripple."']),
    "retard": (['Headline: "[[Retarded]] children to get new school."'], ["Flame retardant."]),
    "the-disabled": (
        ["The [[disabled]] cannot live alone.", "Services for the [[disabled]]."],
        [
            "Disabled parking spaces.",
            "IT disabled the accounts.",
            "Disabled by the storm, it failed.",
        ],
    ),
    "the-blind": (["Books for the [[blind]]."], ["A blind spot.", "A double-blind trial."]),
    "the-deaf": (["Services for the [[deaf]] are free."], ["The Deaf community met."]),
    "special-needs": (["Children with [[special needs]]."], ["A special needs trust was set up."]),
    "invalid-noun": (
        ["He lived as an [[invalid]] for years."],
        ["Invalid input.", "An invalid password."],
    ),
    "spastic-noun": (["He was called a [[spastic]] at school."], ["Spastic diplegia was noted."]),
    "epileptic-noun": (["An [[epileptic]] in bed 2."], ["An epileptic seizure at noon."]),
    "functioning-labels": (
        ["She is [[high-functioning]] for an autistic person."],
        ["A high-functioning team ships weekly."],
    ),
    "paraplegic-noun": (["The [[paraplegic]] in room 5."], ["Paraplegic patients need cushions."]),
    "crazy": (['Do not call an idea "[[crazy]]".'], ['"I felt crazy," she said.']),
    "insane": (["The backlog is [[insane]]."], ["Not guilty by reason of insanity."]),
    "psycho": (["He was acting [[psycho]]."], ["Psycho oncology clinic."]),
    "schizo": (["He is a [[schizo]]."], ["Schizo affective disorder."]),
    "nuts": (["The pager is driving me [[nuts]]."], ["Allergic to tree nuts."]),
    "committed-suicide": (
        ['Write "died by suicide", not "[[committed suicide]]".'],
        ['Her brother told us, "He committed suicide last year."'],
    ),
    "the-mentally-ill": (
        ["Caregivers of the [[mentally ill]] during the holidays."],
        ["The mentally ill patient population grew."],
    ),
    "schizophrenic-noun": (
        ["Consult: a [[schizophrenic]] off his meds."],
        ["A schizophrenic relapse was treated."],
    ),
    "bipolar-mood": (["The weather is so [[bipolar]] today."], ["She has bipolar disorder."]),
    "ocd-adjective": (["I'm so [[OCD]] about tabs."], ["Treatment of OCD with exposure therapy."]),
    "psychotic-insult": (["My boss went totally [[psychotic]]."], ["Psychotic features resolved."]),
    "anorexic-noun": (["The [[anorexic]] in bed 4."], ["Anorexic episodes were frequent."]),
    "addict": (["[[Addicts]] will say anything."], ['He said "I am an addict and I need help."']),
    "alcoholic": (
        ["A chronic [[alcoholic]] with seizures.", "He is an [[alcoholic]]."],
        ["Alcoholic hepatitis on biopsy.", "Avoid alcoholic beverages.", "Alcoholics Anonymous."],
    ),
    "drug-abuse": (
        ["History of [[drug abuse]]."],
        ["Funded by the National Institute on Drug Abuse."],
    ),
    "substance-abuse": (
        ["PMH: [[substance abuse]]."],
        ["Substance Abuse and Mental Health Services Administration."],
    ),
    "alcohol-abuse": (
        ["History of [[alcohol abuse]]."],
        ["The National Institute on Alcohol Abuse and Alcoholism."],
    ),
    "drunk-noun": (["The [[drunk]] in bed 3 is asleep."], ["A drunk driver hit the car."]),
    "recovering-addict": (
        ["A [[recovering addict]] spoke."],
        ['"I am a recovering addict," he said.'],
    ),
    "clean-person": (["He has [[stayed clean]] since May."], ["The wound stayed clean and dry."]),
    "clean-result": (
        ["Urine drug screen [[clean]].", "Tox screen was [[clean]]."],
        ["The wound was clean.", "Obtain a clean catch urine.", "Do a clean install."],
    ),
    "clean-time": (
        ["She has been [[clean for]] three years.", "[[Clean for]] 2 years."],
        ["Keep the incision clean for 48 hours.", "The room was clean for the visit."],
    ),
    "dirty-result": (
        ["Urine drug screen was [[dirty]] for fentanyl."],
        ["Dirty dishes in the sink.", "Dirty data broke the job."],
    ),
    "alcoholism": (
        ["His [[alcoholism]] worsened."],
        ["National Institute on Alcohol Abuse and Alcoholism."],
    ),
    "seniors": (["Flu shots for [[seniors]]."], ["High school seniors volunteered."]),
    "the-aged": (
        ["Care of the [[aged]] is costly."],
        ["Women aged 45 and older.", "The aged cheese."],
    ),
    "geriatric-noun": (["The [[geriatrics]] on the ward."], ["Geriatric medicine consult."]),
    "senile": (["A [[senile]] 88-year-old."], ["Senile plaques on histology."]),
    "the-old": (["The [[old]] need more help."], ["A 58-year-old man.", "The old config stays."]),
    "transgender-noun": (["She is a [[transgender]]."], ["A transgender woman."]),
    "transsexual": (["A [[transsexual]] patient."], ['She said, "I was called a transsexual."']),
    "tranny": (["He used the word [[tranny]]."], ['The caller said "tranny" twice.']),
    "hermaphrodite": (["Chart lists a [[hermaphrodite]]."], ["Hermaphrodite snails."]),
    "female-noun": (["A [[female]] in her 40s."], ["Female patients were enrolled."]),
    "the-homeless": (
        ["The [[homeless]] need housing.", "Moves the [[homeless]] off the streets."],
        ["The homeless shelter is full.", "Homeless services liaison.", "A homeless man."],
    ),
    "the-poor": (
        ["The [[poor]] rarely see a doctor.", "Minorities and the [[poor]] tend to present late."],
        ["Poor prognosis.", "A poor use of time.", "The poor quality of the scan."],
    ),
    "transient-noun": (["A [[transient]] was found."], ["Transient ischemic attack."]),
    "ghetto": (["That neighborhood is a [[ghetto]]."], ["The Warsaw Ghetto uprising."]),
    "at-risk": (["Programs for [[at-risk]] youth."], ["Revenue at-risk figures."]),
    "illegal-noun": (
        ["He is an [[illegal]]."],
        ["Illegal parking.", "Fraud is illegal in every state."],
    ),
    "the-undocumented": (["Clinics for the [[undocumented]]."], ["Undocumented immigrants."]),
    "wetback": (["He used the word [[wetback]]."], ['The man said "wetback" at the desk.']),
    "prisoner": (["The [[prisoner]] was shackled."], ["The prisoner's dilemma in game theory."]),
    "convict": (
        ["[[Convicts]] should not get treatment.", "A former [[convict]] now cooks."],
        ["The jury voted to convict.", "Courts convict too often."],
    ),
    "offender": (["An [[offender]] was released."], ["Check the sex offender registry."]),
    "criminal-noun": (
        ["[[Criminals]] should be punished."],
        ["A criminal record.", "The criminal justice system."],
    ),
    "lifer": (["A [[lifer]] in the unit."], ['He said "I\'m a lifer here."']),
    "the-obese": (
        ["[[Obese]] 45-year-old woman.", "Invite the [[obese]] to walk."],
        ["Obese mice on a high-fat diet.", "BMI in the obese range.", "Non-obese controls."],
    ),
    "fat-people": (["A [[fat]] woman in the clinic."], ["Low-fat diet.", "Body fat percentage."]),
    "noncompliant": (
        ["Pt [[non compliant]] with meds.", "[[Noncompliant]] with diet."],
        ["Three non-compliant servers.", "HIPAA-compliant video.", "HIPAA noncompliance fines."],
    ),
    "refuses": (
        ["Pt [[refuses]] heparin.", "Patient [[refused]] the flu shot."],
        [
            "The server refused the connection.",
            "The right to refuse treatment.",
            "Refuse collection.",
        ],
    ),
    "claims": (
        ["Patient [[claims]] to have an allergy.", "She [[claims]] her pain is worse."],
        ["Insurance claims are processed nightly.", "The vendor claims 99.9% uptime."],
    ),
    "insists": (
        ["Patient [[insists]] on a CT scan."],
        ["The client insists on weekly calls.", "The vendor insists on annual renewals."],
    ),
    "frequent-flyer": (["[[Frequent flyer]] to the ED."], ["Frequent flyer miles expire."]),
    "manipulative": (["Patient is [[manipulative]]."], ["Osteopathic manipulative treatment."]),
    "failed-to-follow-up": (
        ["Patient [[failed to follow up]] in clinic."],
        ["The job failed to return a value."],
    ),
    "the-diabetic": (
        ["The [[diabetic]] in bed 4.", "Non-compliant [[diabetic]], A1c 11."],
        ["A diabetic foot ulcer.", "Diabetic ketoacidosis.", "Diabetic patients were screened."],
    ),
    "agitated": (
        ["Patient [[agitated]] and demanding."],
        ["Patient agitated and responding to internal stimuli.", "Not agitated and demanding."],
    ),
    "aggressive": (["Patient became [[aggressive]]."], ["Aggressive fluid resuscitation."]),
    "angry": (["Patient [[angry]] at staff."], ["An angry red rash."]),
    "challenging-patient": (["A [[challenging]] patient."], ["A challenging case."]),
    "defensive": (["Patient became [[defensive]]."], ["Defensive medicine is costly."]),
    "exaggerates": (["She [[exaggerates]] her pain."], ["An exaggerated startle response."]),
    "unpleasant-patient": (["An [[unpleasant]] woman."], ["An unpleasant taste."]),
    "resists-care": (["He [[resists]] care at night."], ["The coating resists corrosion."]),
    "entitled": (["He seems very [[entitled]]."], ["Patients are entitled to an interpreter."]),
    "slave": (
        ["Promote the [[slave]] if the primary fails.", "[[Slaves]] built the road."],
        ["The Atlantic slave trade.", "Enslaved people resisted slavery."],
    ),
    "dummy-value": (
        ["A [[dummy]] ticket for the intern.", "Use [[dummy]] data."],
        ["Add a dummy variable for sex.", "A crash test dummy."],
    ),
    "guys": (["Hey [[guys]], the build is green."], ["Two guys from facilities came by."]),
    "lame": (["That is a [[lame]] excuse."], ["A lame-duck session of Congress."]),
    "mailman": (["Ask the [[mailman]]."], ["She studied at the Mailman School of Public Health."]),
}

_MARK = re.compile(r"\[\[(.+?)\]\]")


def _found(checker: Checker, text: str, entry: str) -> list[str]:
    return [finding.text for finding in checker.check(text) if finding.entry == entry]


@pytest.mark.parametrize(
    ("entry", "marked"),
    [(entry, text) for entry, (flagged, _) in CASES.items() for text in flagged],
)
def test_flagged_in_context(entry: str, marked: str) -> None:
    text = _MARK.sub(r"\1", marked)
    assert _found(default_checker(), text, entry) == _MARK.findall(marked)


@pytest.mark.parametrize(
    ("entry", "text"),
    [(entry, text) for entry, (_, fine) in CASES.items() for text in fine],
)
def test_not_flagged_in_context(entry: str, text: str) -> None:
    assert _found(default_checker(), text, entry) == []


def test_every_entry_with_rules_has_examples_both_ways() -> None:
    with_rules = {
        entry.id
        for entry in default_guide().entries
        if any(rule.rule != "note" for rule in entry.context)
    }
    assert with_rules == set(CASES)
    assert all(flagged and fine for flagged, fine in CASES.values())


@pytest.mark.parametrize(
    "text",
    [
        "Black patients waited longer for analgesia.",
        "The drug carries a black box warning.",
        "An old black-and-white photo.",
    ],
)
def test_black_as_identity_or_term_of_art_is_not_blacklist(text: str) -> None:
    assert default_checker().check(text) == []


def test_blacklist_itself_is_flagged_with_its_alternatives() -> None:
    [finding] = default_checker().check("Pharmacy keeps a blacklist of patients.")
    assert (finding.text, finding.entry) == ("blacklist", "blacklist")
    assert finding.alternatives


def test_clean_false_positive_rate_is_per_clean_sentence() -> None:
    sentences = [
        Labelled("a", "clinical", "Clean one.", ()),
        Labelled("b", "clinical", "Clean two.", ()),
        Labelled("c", "clinical", "The diabetic.", ((0, 12, "x"),)),
    ]
    result = score(sentences, lambda text: [(0, 5), (6, 9)] if text == "Clean one." else [])
    assert result.clean_sentences_flagged == 1 and result.overall.fp == 2
    assert result.clean_false_positive_rate == 0.5
    assert result.overall.fn == 1


def test_the_shipped_checker_meets_its_documented_quality() -> None:
    """The figures in docs/language-checker.md; a guide or engine change that lowers them
    must update the docs (and say why)."""
    checker = default_checker()
    result = score(
        load_evaluation_set(), lambda text: [(f.start, f.end) for f in checker.check(text)]
    )
    assert result.overall.precision >= 0.99 and result.overall.recall >= 0.99
    assert result.clean_false_positive_rate <= 0.01
