"""Patient-level statistics: share with a descriptor by group, adjusted odds ratios, suppression.

The unit is the patient: the outcome is "at least one counted descriptor in any of the
patient's notes". Odds ratios come from ONE logistic regression (statsmodels Logit) with
every group column one-hot encoded against its reference value, so each odds ratio is
adjusted for the other columns. Every count under SMALL_CELL (11) is suppressed, and so is
everything computed from it (share, CI, odds ratio), plus a complementary cell where a
single suppressed cell could be recovered by subtraction from a total.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pandas as pd

SMALL_CELL = 11
LOGIT_MODULE = "statsmodels.discrete.discrete_model"
Z95 = 1.959963984540054


def wilson_interval(successes: int, total: int) -> tuple[float, float]:
    """95 % Wilson score interval of a proportion."""
    if total == 0:
        return (0.0, 0.0)
    p = successes / total
    denominator = 1 + Z95**2 / total
    centre = (p + Z95**2 / (2 * total)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / total + Z95**2 / (4 * total**2)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def suppress_count(value: int) -> int | None:
    """The count, or None when it is a small cell (1 to SMALL_CELL - 1)."""
    return None if 0 < value < SMALL_CELL else value


def fit_logit(
    patients: pd.DataFrame, outcome: str, groups: list[str], reference: dict[str, str]
) -> dict[str, Any]:
    """Fit outcome ~ one-hot(groups) with the given references; odds ratios, 95 % CIs, p.

    Returns {"fitted": bool, "n": int, "terms": {(column, value): {...}}, "note": str}.
    A model that cannot be fitted (no variation, singular design) is reported, not raised.
    """
    from statsmodels.discrete.discrete_model import Logit

    design = {}
    for column in groups:
        for value in sorted(patients[column].unique()):
            if value != reference[column]:
                design[(column, value)] = (patients[column] == value).to_numpy(dtype=float)
    y = patients[outcome].to_numpy(dtype=float)
    result: dict[str, Any] = {"fitted": False, "n": len(y), "terms": {}, "note": ""}
    if not design or y.min() == y.max():
        result["note"] = "No variation to model (all patients have, or all lack, a descriptor)."
        return result
    keys = list(design)
    x = np.column_stack([np.ones(len(y))] + [design[k] for k in keys])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = Logit(y, x).fit(disp=0, maxiter=200, method="newton")
    except (np.linalg.LinAlgError, ValueError) as exc:
        result["note"] = f"The model could not be fitted: {exc}"
        return result
    params, ci, pvalues = np.asarray(fit.params), np.asarray(fit.conf_int()), fit.pvalues
    for i, key in enumerate(keys, start=1):
        values = (params[i], ci[i][0], ci[i][1], np.asarray(pvalues)[i])
        if not all(np.isfinite(v) and abs(v) < 700 for v in values):
            continue  # not estimable (e.g. separation): reported as "not estimated"
        result["terms"][key] = {
            "odds_ratio": float(math.exp(params[i])),
            "ci": [float(math.exp(ci[i][0])), float(math.exp(ci[i][1]))],
            "p_value": float(np.asarray(pvalues)[i]),
        }
    converged = bool(fit.mle_retvals.get("converged", True))
    result["fitted"] = True
    result["note"] = "" if converged else "The model did not converge; treat odds ratios with care."
    return result


def group_tables(
    patients: pd.DataFrame, outcome: str, groups: list[str], reference: dict[str, str]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Per group column, a row per value with suppressed counts, share, CI and adjusted OR."""
    model = fit_logit(patients, outcome, groups, reference)
    tables = []
    for column in groups:
        counts = patients.groupby(column, sort=True)[outcome].agg(["size", "sum"])
        rows: list[dict[str, Any]] = []
        for value, (n, k) in counts.iterrows():
            n, k = int(n), int(k)
            rows.append({"value": str(value), "n": n, "k": k})
        _mark_suppressed(rows)
        out_rows = []
        for row in rows:
            n, k, hidden = int(row["n"]), int(row["k"]), bool(row["hidden"])
            term = model["terms"].get((column, row["value"]))
            share = None if hidden else k / n
            out_rows.append(
                {
                    "value": row["value"],
                    "is_reference": row["value"] == reference[column],
                    "patients": None if row["hidden_n"] else n,
                    "with_descriptor": None if hidden else k,
                    "share": share,
                    "share_ci": None if hidden else list(wilson_interval(k, n)),
                    "odds_ratio": None if hidden or term is None else term["odds_ratio"],
                    "odds_ratio_ci": None if hidden or term is None else term["ci"],
                    "p_value": None if hidden or term is None else term["p_value"],
                    "suppressed": hidden,
                }
            )
        tables.append({"column": column, "reference": reference[column], "rows": out_rows})
    model_info = {"fitted": model["fitted"], "patients": model["n"], "note": model["note"]}
    return tables, model_info


def _mark_suppressed(rows: list[dict[str, Any]]) -> None:
    """Flag small cells, then one complementary cell where a lone one could be derived."""
    for row in rows:
        row["hidden_n"] = row["n"] < SMALL_CELL
        row["hidden"] = min(row["n"], row["k"], row["n"] - row["k"]) < SMALL_CELL
    for flag, size in (("hidden_n", "n"), ("hidden", "k")):
        lone = [r for r in rows if r[flag]]
        shown = [r for r in rows if not r[flag]]
        if len(lone) == 1 and shown:
            partner = min(shown, key=lambda r: r[size])
            partner[flag] = True
            if flag == "hidden_n":
                partner["hidden"] = True
