"""Small synthetic extracts for the engine, source and CLI tests (factory functions)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from equitylens.disparities.services.synth import make_chunk

GROUPS = ["race_ethnicity", "language", "payer"]
OUTCOMES = ["colorectal_screened", "bp_controlled"]


def people(rows: int = 20_000, seed: int = 7, with_gaps: bool = True) -> pd.DataFrame:
    """Synthetic people as pandas, with some empty groups and outcomes when `with_gaps`."""
    frame = make_chunk(np.random.default_rng(seed), rows).to_pandas()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(object)
    if with_gaps:
        rng = np.random.default_rng(seed + 1)
        frame["bp_controlled"] = frame["bp_controlled"].astype("Int64")
        frame.loc[rng.random(rows) < 0.05, "bp_controlled"] = pd.NA
        frame.loc[rng.random(rows) < 0.01, "language"] = None
        frame["visits"] = rng.integers(1, 6, rows)
        frame["visits_with_screen"] = rng.binomial(frame["visits"], 0.4)
    return frame


def write_parquet(frame: pd.DataFrame, folder: Path, name: str = "people.parquet") -> Path:
    """Write `frame` as Parquet in `folder` and return the path."""
    path = folder / name
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    return path
