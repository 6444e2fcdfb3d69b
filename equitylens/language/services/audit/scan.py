"""Per-note findings: one combined regex per note, context checks only around matches.

Speed comes from three things: RE2 (through pyarrow) drops the notes with no descriptor
form at all in one vectorised pass; the remaining notes are lowercased once and searched
with one prefix-tree regex; context is judged only in a small window around each match.
Batches are spread over worker processes by `run.py`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from equitylens.language.services.audit.context import COUNTED, classify
from equitylens.language.services.audit.lexicon import Lexicon, default_lexicon

SENTENCE_END = ". "
FINDINGS_SCHEMA = pa.schema(
    [
        ("note_id", pa.string()),
        ("patient_id", pa.string()),
        ("descriptor", pa.string()),
        ("category", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
    ]
)


@dataclass
class ScanResult:
    """What one batch of notes yielded; results of batches are merged with `add`."""

    notes: int = 0
    text_bytes: int = 0
    findings: list[pa.Table] = field(default_factory=list)
    excluded: Counter[str] = field(default_factory=Counter)
    patient_categories: set[tuple[str, str]] = field(default_factory=set)

    def add(self, other: ScanResult) -> None:
        """Merge another batch's result into this one."""
        self.notes += other.notes
        self.text_bytes += other.text_bytes
        self.findings.extend(other.findings)
        self.excluded.update(other.excluded)
        self.patient_categories |= other.patient_categories


def find_in_note(text: str, lexicon: Lexicon) -> list[tuple[str, int, int, str]]:
    """All descriptor mentions in one note as (descriptor id, start, end, context verdict).

    Offsets are character offsets into `text`; the verdict is "counted" or why it is not.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lowercase to two; keep offsets exact
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    out = []
    for match in lexicon.pattern.finditer(lowered):
        descriptor = lexicon.descriptor_for(match.group())
        category = lexicon.categories[descriptor.category]
        verdict = classify(lowered, match.start(), match.end(), descriptor, category)
        out.append((descriptor.id, match.start(), match.end(), verdict))
    return out


def scan_batch(batch: pa.Table | pa.RecordBatch, lexicon: Lexicon | None = None) -> ScanResult:
    """Scan a batch with columns note_id, patient_id, text; return its findings and tallies.

    Notes are cut into sentences at ". " (in C++, by pyarrow); RE2 keeps only sentences
    containing a descriptor form, and only those reach Python. Context never crosses a
    sentence end (a full stop ends every trigger's scope), so nothing is lost by the cut.
    """
    lexicon = lexicon or default_lexicon()
    texts = _array(batch.column("text")).cast(pa.string()).fill_null("")
    result = ScanResult(
        notes=batch.num_rows, text_bytes=int(pc.sum(pc.binary_length(texts)).as_py() or 0)
    )
    if batch.num_rows == 0:
        return result
    pieces = pc.split_pattern(texts, pattern=SENTENCE_END)
    flat = pieces.flatten()
    hits = pc.indices_nonzero(
        pc.match_substring_regex(flat, lexicon.pattern_source, ignore_case=True)
    ).to_numpy()
    if len(hits) == 0:
        return result
    # Character offset of every sentence in its note: running sum of lengths plus separators.
    lengths = pc.utf8_length(flat).to_numpy(zero_copy_only=False) + len(SENTENCE_END)
    starts = np.cumsum(lengths) - lengths
    first_piece = pieces.offsets.to_numpy()[:-1]
    parent = pc.list_parent_indices(pieces).to_numpy()[hits]
    base = starts[hits] - starts[first_piece[parent]]
    note_ids = pc.take(_array(batch.column("note_id")).cast(pa.string()), parent).to_pylist()
    patient_ids = pc.take(_array(batch.column("patient_id")).cast(pa.string()), parent).to_pylist()
    sentences = pc.take(flat, hits).to_pylist()
    columns: dict[str, list[object]] = {name: [] for name in FINDINGS_SCHEMA.names}
    by_id = lexicon.by_id
    for note_id, patient_id, offset, sentence in zip(
        note_ids, patient_ids, base.tolist(), sentences, strict=True
    ):
        for descriptor_id, start, end, verdict in find_in_note(sentence, lexicon):
            if verdict != COUNTED:
                result.excluded[verdict] += 1
                continue
            category = by_id[descriptor_id].category
            columns["note_id"].append(note_id)
            columns["patient_id"].append(patient_id)
            columns["descriptor"].append(descriptor_id)
            columns["category"].append(category)
            columns["start"].append(offset + start)
            columns["end"].append(offset + end)
            columns["text"].append(sentence[start:end])
            result.patient_categories.add((patient_id, category))
    result.findings.append(pa.table(columns, schema=FINDINGS_SCHEMA))
    return result


def _array(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
