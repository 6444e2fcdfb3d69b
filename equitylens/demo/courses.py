"""Demo data: the modules of the two demo online courses (fictional text, written by us).

No real video file is available offline, so the demo video modules have no video
source: the module page says the video is unavailable and shows the full transcript,
which carries all the content. A coordinator can upload an MP4/WebM file with WebVTT
captions (or an embed URL) later in the back office.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from equitylens.catalog.models import Activity
from equitylens.learning.models import Choice, Module, ModuleKind, Question

BIAS_COURSE = "recognizing-and-mitigating-unconscious-bias"
VIDEO_COURSE = "advancing-health-equity-video-course"

BIAS_TRANSCRIPT = """\
Welcome. In the next few minutes we look at what unconscious bias is, where it comes from, \
and why it matters in the exam room.

Every one of us takes mental shortcuts. Our brains sort people and situations into \
categories so that we can act quickly. Most of the time this helps. But the categories are \
learned from the world around us — from media, from training, from the patients we happened \
to see early in our careers — and they carry attitudes and stereotypes we never chose.

Unconscious bias, sometimes called implicit bias, is the effect of those learned \
associations on what we notice, what we believe and what we do, without our awareness. It \
is different from explicit prejudice: a clinician can sincerely hold fair values and still \
act on associations that run against them.

In clinical work, bias tends to act when we are rushed, tired, uncertain or overloaded — \
exactly the conditions of a busy clinic or an emergency department. It can shape how long we \
listen, whether we believe a report of pain, which tests we order, and how we write about a \
patient in the record.

The good news is that bias is not destiny. Noticing the conditions in which it acts, slowing \
down at key decisions, and using structured tools all reduce its effect. The rest of this \
course shows how.
"""

BIAS_READING = """\
## Where bias shows up in care

Studies across many settings have found differences in care that persist after accounting for \
clinical factors: who receives adequate pain treatment, who is referred for specialist care, \
and how patients are described in their notes. Unconscious bias is one of several causes, \
alongside structural factors such as insurance, distance and language access.

## Three moments to watch

1. **First impressions.** The first minute of an encounter sets expectations. Notice when a \
   label — "frequent flyer", "difficult" — arrives before the patient does.
2. **Decisions under uncertainty.** When the picture is unclear, we fill gaps with \
   assumptions. Ask: *would I make the same decision for a different patient with the same \
   findings?*
3. **Documentation.** Words in the record travel. Describe behaviour and quote the patient \
   instead of characterizing them.

## Strategies that help

- **Individuate:** learn something specific about this person beyond their group.
- **Take the other's perspective** before deciding.
- **Use structure:** checklists and clinical decision rules leave less room for bias.
- **Look at your data:** differences in your own outcomes by group are a signal, not an \
  accusation.
"""

BIAS_PROMPT = """\
Think of a recent encounter in which you made a quick judgement about a patient. What did you \
assume, and what did you learn later? What would you do the same or differently next time?
"""

BIAS_QUESTIONS = [
    (
        "Which statement best describes unconscious (implicit) bias?",
        [
            "Learned associations that affect judgement and behaviour without awareness",
            "Openly held prejudice that a person chooses to act on",
            "A diagnosis made by a psychologist",
            "A bias that only affects people without clinical training",
        ],
        0,
        "Implicit bias works outside awareness and can contradict a person's sincere values.",
    ),
    (
        "In which conditions is unconscious bias most likely to affect clinical decisions?",
        [
            "When the clinician is rested and has plenty of time",
            "When the clinician is rushed, tired or uncertain",
            "Only during the first year of practice",
            "Only when the patient is new to the clinic",
        ],
        1,
        "Time pressure, fatigue, uncertainty and cognitive load leave more room for shortcuts.",
    ),
    (
        "A colleague writes that a patient “claims” to be in severe pain. What is the better "
        "practice?",
        [
            "Keep the word: it is accurate",
            "Leave pain out of the note",
            "Quote the patient and describe what was observed",
            "Write that the patient is probably exaggerating",
        ],
        2,
        "Words like “claims” cast doubt on credibility; quoting and describing keeps the record "
        "factual.",
    ),
    (
        "Which strategy is known as “individuating”?",
        [
            "Treating every patient exactly the same way",
            "Learning specific information about the person beyond their group",
            "Referring the patient to another clinician",
            "Avoiding conversation about the patient's background",
        ],
        1,
        "Seeing the individual weakens the pull of group stereotypes.",
    ),
    (
        "Your clinic finds that Black patients wait longer for pain medication. What is a good "
        "first step?",
        [
            "Ignore it: the numbers are probably chance",
            "Blame individual nurses",
            "Review the process and introduce a structured pain protocol",
            "Stop collecting the data",
        ],
        2,
        "Structured protocols reduce room for bias; data are a signal to improve the process.",
    ),
]

EQUITY_TRANSCRIPT = """\
Health equity means that everyone has a fair and just opportunity to be as healthy as \
possible. Equality gives everyone the same thing; equity gives people what they need to \
reach the same outcome.

Think of a clinic that sends every patient the same appointment reminder by text message. \
That is equal. But patients without a mobile phone, or who read another language, miss more \
appointments. Offering reminders by phone call and in the patient's preferred language is \
equitable.

Inequities come from conditions — housing, income, transport, discrimination — as much as \
from anything that happens in the clinic. Clinicians cannot fix all of them, but we can ask \
about them, connect patients with resources, and design our own processes so that they do \
not widen the gaps.

One change you can make this week: ask every patient one question about what makes it hard \
to follow the care plan, and write down what you learn.
"""

EQUITY_QUESTIONS = [
    (
        "What is the difference between equality and equity in care?",
        [
            "There is no difference",
            "Equality gives everyone the same; equity gives people what they need for a fair "
            "outcome",
            "Equity means giving everyone the same appointment length",
        ],
        1,
        "Equity looks at outcomes and adjusts what people receive to reach them.",
    ),
    (
        "Which is an example of an equitable change in a clinic?",
        [
            "Sending every reminder only by text message",
            "Offering reminders by phone and in the patient's preferred language",
            "Closing the clinic earlier",
        ],
        1,
        "Reminders that reach everyone close the gap in missed appointments.",
    ),
    (
        "Where do most health inequities come from?",
        [
            "Conditions such as housing, income, transport and discrimination",
            "Patients not caring about their health",
            "Random chance",
        ],
        0,
        "Social and structural conditions drive most differences in health.",
    ),
]


def _modules_for(slug: str) -> list[dict[str, Any]]:
    if slug == BIAS_COURSE:
        return [
            {"kind": ModuleKind.VIDEO, "title": "What unconscious bias is",
             "body": "A short talk introducing the course.", "transcript": BIAS_TRANSCRIPT},
            {"kind": ModuleKind.READING, "title": "How bias shows up in care",
             "body": BIAS_READING},
            {"kind": ModuleKind.REFLECTION, "title": "Your reflection",
             "prompt": BIAS_PROMPT},
            {"kind": ModuleKind.POST_TEST, "title": "Post-test", "passing_score": 80,
             "max_attempts": 3, "body": "Five questions. You need 80% (4 of 5) to pass; "
             "you have three attempts.", "questions": BIAS_QUESTIONS},
        ]  # fmt: skip
    if slug == VIDEO_COURSE:
        return [
            {"kind": ModuleKind.VIDEO, "title": "Equality and equity in practice",
             "transcript": EQUITY_TRANSCRIPT},
            {"kind": ModuleKind.KNOWLEDGE_CHECK, "title": "Knowledge check",
             "passing_score": 66, "max_attempts": 0, "questions": EQUITY_QUESTIONS},
        ]  # fmt: skip
    return []


@transaction.atomic
def load_courses(activities: dict[str, Activity]) -> None:
    """Create or refresh the demo courses' modules and questions; idempotent.

    Modules are matched by position, questions and choices by position, so loading
    twice changes nothing and learners' progress stays attached to the same rows.
    Activities not named here are left alone.
    """
    for slug, activity in activities.items():
        for position, spec in enumerate(_modules_for(slug), start=1):
            spec = dict(spec)
            questions = spec.pop("questions", [])
            defaults = {"body": "", "transcript": "", "prompt": "", "required": True, **spec}
            module, _ = Module.objects.update_or_create(
                activity=activity, position=position, defaults=defaults
            )
            _load_questions(module, questions)


def _load_questions(module: Module, questions: list[Any]) -> None:
    for position, (text, choices, correct, explanation) in enumerate(questions, start=1):
        question, _ = Question.objects.update_or_create(
            module=module,
            position=position,
            defaults={"text": text, "explanation": explanation},
        )
        for n, choice_text in enumerate(choices, start=1):
            Choice.objects.update_or_create(
                question=question,
                position=n,
                defaults={"text": choice_text, "correct": n - 1 == correct},
            )
