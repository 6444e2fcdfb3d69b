"""Synthetic patient extracts with planted disparities, for the demo, tests and benchmarks.

Each person gets five group columns and three 0/1 quality measures, plus a risk score and
the observed label for an algorithm audit. Every measure's probability depends on ONE group
column only (documented in `PLANTED`), so the rate a correct engine reports for each group of
that column is the planted rate (up to sampling error), whatever the other columns.

The audit pair is planted too: each person's true risk is `sigmoid(base[race] + z)` with
`z ~ N(0, 1)`; `label` is drawn from that risk; `risk_score` is `sigmoid(base[race] + z +
SCORE_BIAS[race])`, i.e. well calibrated except where `SCORE_BIAS` is not zero (the model
under-predicts risk for that group, which the calibration deciles reveal).

Rows are generated and written in chunks (`CHUNK_ROWS`), so memory stays flat for any size.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

CHUNK_ROWS = 1_000_000

GROUPS: dict[str, dict[str, float]] = {
    # group column -> value -> share of people
    "race_ethnicity": {
        "White": 0.55,
        "Black": 0.18,
        "Hispanic": 0.16,
        "Asian": 0.07,
        "American Indian": 0.015,
        "Other": 0.025,
    },
    "language": {"English": 0.82, "Spanish": 0.12, "Other": 0.06},
    "payer": {"Commercial": 0.5, "Medicare": 0.25, "Medicaid": 0.2, "Uninsured": 0.05},
    "sex": {"Female": 0.52, "Male": 0.48},
    "age_band": {"18-34": 0.25, "35-49": 0.25, "50-64": 0.3, "65+": 0.2},
}

PLANTED: dict[str, tuple[str, dict[str, float]]] = {
    # outcome -> (the one group column it depends on, rate by group)
    "colorectal_screened": (
        "race_ethnicity",
        {
            "White": 0.70,
            "Black": 0.58,
            "Hispanic": 0.55,
            "Asian": 0.68,
            "American Indian": 0.50,
            "Other": 0.66,
        },
    ),
    "bp_controlled": (
        "payer",
        {"Commercial": 0.72, "Medicare": 0.68, "Medicaid": 0.57, "Uninsured": 0.45},
    ),
    "readmitted_30d": ("language", {"English": 0.12, "Spanish": 0.16, "Other": 0.18}),
}

AUDIT_GROUP = "race_ethnicity"
RISK_LOGIT: dict[str, float] = {
    "White": -1.6,
    "Black": -1.1,
    "Hispanic": -1.3,
    "Asian": -1.8,
    "American Indian": -1.0,
    "Other": -1.5,
}
SCORE_BIAS: dict[str, float] = {"Black": -0.6, "American Indian": -0.4}


def _draw_groups(rng: np.random.Generator, rows: int) -> dict[str, pa.DictionaryArray]:
    columns = {}
    for column, shares in GROUPS.items():
        values = list(shares)
        probabilities = np.array(list(shares.values()))
        codes = rng.choice(len(values), size=rows, p=probabilities / probabilities.sum())
        columns[column] = pa.DictionaryArray.from_arrays(
            pa.array(codes.astype(np.int32)), pa.array(values)
        )
    return columns


def make_chunk(rng: np.random.Generator, rows: int) -> pa.Table:
    """One chunk of `rows` synthetic people as an Arrow table (group columns dictionary-encoded)."""
    groups = _draw_groups(rng, rows)
    data: dict[str, pa.Array] = dict(groups)
    for outcome, (column, rates) in PLANTED.items():
        codes = groups[column].indices.to_numpy()
        by_code = np.array([rates[str(v)] for v in groups[column].dictionary.to_pylist()])
        data[outcome] = pa.array((rng.random(rows) < by_code[codes]).astype(np.int8))
    race = groups[AUDIT_GROUP]
    names = race.dictionary.to_pylist()
    codes = race.indices.to_numpy()
    base = np.array([RISK_LOGIT[str(v)] for v in names])[codes]
    bias = np.array([SCORE_BIAS.get(str(v), 0.0) for v in names])[codes]
    z = rng.standard_normal(rows)
    risk = 1.0 / (1.0 + np.exp(-(base + z)))
    data["label"] = pa.array((rng.random(rows) < risk).astype(np.int8))
    data["risk_score"] = pa.array(np.round(1.0 / (1.0 + np.exp(-(base + z + bias))), 6))
    return pa.table(data)


def write_synthetic(
    out: Path,
    rows: int,
    *,
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Write `rows` synthetic people to `out` (Parquet, or CSV when it ends in .csv).

    The file appears only when complete: it is written to a temporary file in the same folder
    and renamed. Raises ValueError for a non-positive row count or an unknown extension.
    """
    if rows <= 0:
        raise ValueError(f"--rows must be a positive number of people; you entered {rows}.")
    suffix = out.suffix.lower()
    if suffix not in {".parquet", ".csv"}:
        raise ValueError(f"--out must end in .parquet or .csv; you entered {out.name!r}.")
    rng = np.random.default_rng(seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(handle)
    try:
        writer: pq.ParquetWriter | pacsv.CSVWriter | None = None
        done = 0
        while done < rows:
            chunk = make_chunk(rng, min(CHUNK_ROWS, rows - done))
            if suffix == ".csv":
                chunk = chunk.cast(
                    pa.schema(
                        [
                            pa.field(f.name, pa.string()) if pa.types.is_dictionary(f.type) else f
                            for f in chunk.schema
                        ]
                    )
                )
                writer = writer or pacsv.CSVWriter(temporary, chunk.schema)
            else:
                writer = writer or pq.ParquetWriter(temporary, chunk.schema, compression="zstd")
            writer.write_table(chunk)
            done += chunk.num_rows
            if progress:
                progress(done)
        assert writer is not None
        writer.close()
        os.chmod(temporary, 0o644)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return out
