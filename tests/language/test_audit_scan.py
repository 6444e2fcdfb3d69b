"""scan_batch: per-note findings with offsets into the note, tallies of excluded mentions."""

from __future__ import annotations

import pyarrow as pa

from equitylens.language.services.audit.scan import scan_batch


def test_offsets_are_in_the_whole_note_across_sentences_and_non_ascii_text() -> None:
    notes = [
        "Café visit. Señora İpek was seen. Not agitated. She was COMBATIVE with staff. "
        "Her son was angry.",
        "Routine follow-up. No concerns.",
        None,
    ]
    batch = pa.table({"note_id": [1, 2, 3], "patient_id": ["p1", "p2", "p3"], "text": notes})
    result = scan_batch(batch)
    [findings] = result.findings
    rows = findings.to_pylist()
    assert [(r["note_id"], r["descriptor"], r["category"]) for r in rows] == [
        ("1", "combative", "difficult-patient")
    ]
    row = rows[0]
    assert notes[0][row["start"] : row["end"]] == row["text"] == "COMBATIVE"
    assert dict(result.excluded) == {"negated": 1, "other_experiencer": 1}
    assert result.notes == 3 and result.patient_categories == {("p1", "difficult-patient")}
    assert result.text_bytes == sum(len(t.encode()) for t in notes if t)


def test_a_batch_without_descriptor_forms_yields_no_findings() -> None:
    batch = pa.table({"note_id": ["a"], "patient_id": ["p"], "text": ["Lungs clear."]})
    result = scan_batch(batch)
    assert result.findings == [] and result.notes == 1 and not result.excluded
