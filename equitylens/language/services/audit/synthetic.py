"""Synthetic clinical notes with descriptors planted at known odds ratios (tests, demo, bench).

Every patient gets attributes (race_ethnicity, sex, insurance, age_band) and 1–4 notes of
clinical filler. Whether a patient has a counted descriptor is drawn from a logistic model
with the odds ratios in PLANTED_ODDS_RATIOS, so an adjusted audit should recover them.
Decoys that must NOT count are mixed into everyone's notes: negated ("not agitated"),
about family members ("her son was aggressive"), hypothetical ("if she becomes combative")
and clinical uses ("aggressive fluid resuscitation"). No real patient data is used.

    python -m equitylens.language.services.audit.synthetic --patients 5000 --out notes.parquet
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

BASE_RATE = 0.10  # reference patient (White, Female, Private, 35-49): 10 % with a descriptor
ATTRIBUTES: dict[str, dict[str, float]] = {
    "race_ethnicity": {
        "White": 0.45,
        "Black": 0.25,
        "Hispanic": 0.18,
        "Asian": 0.09,
        "American Indian or Alaska Native": 0.03,
    },
    "sex": {"Female": 0.52, "Male": 0.48},
    "insurance": {"Private": 0.45, "Medicare": 0.22, "Medicaid": 0.27, "Uninsured": 0.06},
    "age_band": {"18-34": 0.25, "35-49": 0.25, "50-64": 0.28, "65+": 0.22},
}
REFERENCE = {
    "race_ethnicity": "White",
    "sex": "Female",
    "insurance": "Private",
    "age_band": "35-49",
}
PLANTED_ODDS_RATIOS: dict[str, dict[str, float]] = {
    "race_ethnicity": {
        "Black": 2.0,
        "Hispanic": 1.5,
        "Asian": 1.0,
        "American Indian or Alaska Native": 1.8,
    },
    "sex": {"Male": 1.2},
    "insurance": {"Medicare": 1.0, "Medicaid": 1.5, "Uninsured": 1.3},
    "age_band": {"18-34": 1.0, "50-64": 1.0, "65+": 1.0},
}

_COUNTED = [
    "Patient was {d} with nursing staff overnight.",
    "{P} became {d} when the plan was discussed.",
    "Nursing reports the patient was {d} during the dressing change.",
    "{P} remains {d} this morning.",
    "There was no change in the patient's {n} overnight.",
]
_COUNTED_ADJ = [
    "agitated",
    "combative",
    "belligerent",
    "argumentative",
    "uncooperative",
    "hostile",
    "angry",
    "hysterical",
]
_COUNTED_NOUN = ["agitation", "aggression", "hostility"]
_COUNTED_OTHER = [
    "Patient is noncompliant with insulin.",
    "Patient refused the morning labs.",
    "Likely drug-seeking behavior per ED staff.",
    "Known frequent flyer to the emergency department.",
    "Patient claims the pain is 10/10.",
    "{P} insists that the medication does not work.",
    "Patient was told that the discharge is tomorrow.",
]
_DECOYS = [
    "Patient is calm and not agitated.",
    "No signs of aggression or agitation.",
    "{P} denies feeling angry or hostile.",
    "Her son was aggressive with the security staff in the lobby.",
    "Family members were angry about the wait time.",
    "His wife was hysterical on the phone.",
    "Call the team if she becomes combative.",
    "Haloperidol 2 mg IM prn agitation.",
    "Started aggressive fluid resuscitation in the ED.",
    "No psychomotor agitation observed.",
    "Insurance claims were submitted by the billing office.",
    "Patient was cooperative, pleasant and engaged.",
]
_FILLER = [
    "Vital signs: BP {a}/{b}, HR {c}, RR 16, SpO2 {d}% on room air.",
    "Patient seen and examined at the bedside this morning.",
    "Continue current medications and monitor blood glucose before meals.",
    "Lungs clear to auscultation bilaterally, no wheezes or crackles.",
    "Heart regular rate and rhythm, no murmurs appreciated.",
    "Abdomen soft, non-tender, bowel sounds present.",
    "Labs reviewed: sodium {e}, potassium 4.{f}, creatinine 0.{g}.",
    "Plan to repeat the basic metabolic panel in the morning.",
    "Tolerating a regular diet without nausea or vomiting.",
    "Ambulating in the hallway with physical therapy.",
    "Discussed the plan of care with the patient, who agrees.",
    "Wound is clean, dry and intact with no erythema.",
    "Pain controlled with acetaminophen {h} mg every six hours.",
    "Home medications reconciled with the pharmacy list.",
    "Follow-up appointment scheduled with primary care in {i} weeks.",
    "Chest radiograph shows no acute cardiopulmonary process.",
    "Blood cultures from admission remain without growth at {i} days.",
    "Hemoglobin stable at {j}.{f} g/dL, no transfusion needed.",
    "Social work consulted for discharge planning and transportation.",
    "Education provided on inhaler technique; teach-back completed.",
    "Neurologically intact, alert and oriented to person, place and time.",
    "Skin warm and dry; no rashes noted on examination.",
    "Continue subcutaneous heparin for VTE prophylaxis.",
    "Electrocardiogram shows normal sinus rhythm without ischemic changes.",
    "Will reassess volume status after diuresis this afternoon.",
    "Interpreter services used for the entire encounter.",
    "Glucose readings between {k} and {l} mg/dL over the last day.",
    "Patient ate {m}% of breakfast and is voiding without difficulty.",
]


def _filler_pool(rng: np.random.Generator, size: int) -> list[str]:
    pool = []
    for _ in range(size):
        template = _FILLER[int(rng.integers(len(_FILLER)))]
        values = {k: int(rng.integers(lo, hi)) for k, (lo, hi) in _RANGES.items()}
        pool.append(template.format(**values))
    return pool


_RANGES = {
    "a": (100, 160),
    "b": (60, 95),
    "c": (58, 110),
    "d": (92, 100),
    "e": (132, 146),
    "f": (0, 10),
    "g": (6, 13),
    "h": (500, 1001),
    "i": (1, 6),
    "j": (8, 15),
    "k": (80, 120),
    "l": (130, 240),
    "m": (25, 101),
}


def _counted_sentence(rng: np.random.Generator, pronoun: str) -> str:
    if rng.random() < 0.6:
        template = _COUNTED[int(rng.integers(len(_COUNTED)))]
        return template.format(
            P=pronoun,
            d=_COUNTED_ADJ[int(rng.integers(len(_COUNTED_ADJ)))],
            n=_COUNTED_NOUN[int(rng.integers(len(_COUNTED_NOUN)))],
        )
    return _COUNTED_OTHER[int(rng.integers(len(_COUNTED_OTHER)))].format(P=pronoun)


def _patients(rng: np.random.Generator, count: int) -> dict[str, np.ndarray]:
    columns = {}
    logit = np.full(count, math.log(BASE_RATE / (1 - BASE_RATE)))
    for column, shares in ATTRIBUTES.items():
        values = np.array(list(shares))
        drawn = values[rng.choice(len(values), size=count, p=np.array(list(shares.values())))]
        columns[column] = drawn
        for value, odds_ratio in PLANTED_ODDS_RATIOS[column].items():
            logit = logit + (drawn == value) * math.log(odds_ratio)
    columns["has_descriptor"] = rng.random(count) < 1 / (1 + np.exp(-logit))
    return columns


def generate_batches(
    patients: int,
    seed: int = 7,
    *,
    chunk: int = 5000,
    decoy_rate: float = 0.35,
    with_truth: bool = False,
) -> Iterator[pa.Table]:
    """Yield tables of notes for `patients` patients, `chunk` patients per table (seeded).

    With `with_truth`, a boolean column `planted` says whether the note's patient was given
    a counted descriptor (for tests; an audit ignores extra columns).
    """
    rng = np.random.default_rng(seed)
    pool = _filler_pool(rng, 4000)
    first = 0
    while first < patients:
        count = min(chunk, patients - first)
        attrs = _patients(rng, count)
        rows: dict[str, list[str]] = {"note_id": [], "patient_id": [], "text": []}
        rows.update({column: [] for column in ATTRIBUTES})
        truth: list[bool] = []
        notes_per = rng.integers(1, 5, size=count)
        for i in range(count):
            pid = f"P{first + i + 1:07d}"
            pronoun = "She" if attrs["sex"][i] == "Female" else "He"
            flagged_note = int(rng.integers(notes_per[i])) if attrs["has_descriptor"][i] else -1
            for n in range(int(notes_per[i])):
                picks = rng.integers(len(pool), size=int(rng.integers(12, 26)))
                sentences = [pool[int(p)] for p in picks]
                if n == flagged_note:
                    spot = int(rng.integers(len(sentences)))
                    sentences.insert(spot, _counted_sentence(rng, pronoun))
                if rng.random() < decoy_rate:
                    decoy = _DECOYS[int(rng.integers(len(_DECOYS)))].format(P=pronoun)
                    sentences.insert(int(rng.integers(len(sentences))), decoy)
                rows["note_id"].append(f"N{first + i + 1:07d}-{n + 1}")
                rows["patient_id"].append(pid)
                rows["text"].append(" ".join(sentences))
                for column in ATTRIBUTES:
                    rows[column].append(str(attrs[column][i]))
                truth.append(bool(attrs["has_descriptor"][i]))
        table = pa.table(rows)
        if with_truth:
            table = table.append_column("planted", pa.array(truth, pa.bool_()))
        yield table
        first += count


def write_notes(
    path: Path, patients: int, seed: int = 7, *, chunk: int = 5000, with_truth: bool = False
) -> int:
    """Write synthetic notes to `path` (.parquet or .csv); return the bytes of note text."""
    total = 0
    writer: pq.ParquetWriter | pacsv.CSVWriter | None = None
    try:
        for table in generate_batches(patients, seed, chunk=chunk, with_truth=with_truth):
            total += int(sum(len(t.encode()) for t in table.column("text").to_pylist()))
            if writer is None:
                if path.suffix.lower() == ".csv":
                    writer = pacsv.CSVWriter(str(path), table.schema)
                else:
                    writer = pq.ParquetWriter(str(path), table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    return total


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: write a synthetic notes file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=2000)
    parser.add_argument("--out", type=Path, required=True, help="notes.parquet or notes.csv")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    size = write_notes(args.out, args.patients, args.seed)
    print(f"Wrote {args.patients} patients to {args.out} ({size / 1e6:.1f} MB of note text)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
