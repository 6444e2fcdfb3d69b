"""Benchmark: our inclusive-language checker against the `alex` linter, side by side.

    .venv/bin/python benchmarks/language_checker.py [--alex-version 11] [--chars 1000000]
                                                    [--runs 3] [--keep-alex DIR]

One run does everything:

1. installs alex with npm into a temporary folder (``npm install --prefix TMP alex@11``;
   nothing global; it stops with a clear message when node or npm is missing);
2. scores both checkers on the labelled evaluation set
   (equitylens/language/data/evaluation_set.jsonl) with the same scorer
   (services/evaluation.py): alex runs through its Node API (``markdown()``, what its CLI
   uses for prose) in a small script written into the temporary folder, which reads the
   sentences as JSON and prints each message's start and end offsets (UTF-16 offsets,
   converted to Python character offsets here);
3. measures throughput on the same text for both — the evaluation sentences, one per line,
   repeated to about ``--chars`` characters — as the best of ``--runs`` runs each, timing
   only the checking (not process start, imports, the guide build or npm);
4. prints a table and writes benchmarks/results/language_checker.json.

The issue asks for at least 100 times alex's throughput; the script exits with status 1
when the ratio is lower.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from equitylens.language.services.checker import default_checker
from equitylens.language.services.evaluation import (
    Labelled,
    Score,
    Span,
    Tally,
    load_evaluation_set,
    score,
)

TARGET_RATIO = 100.0
RESULTS = Path(__file__).resolve().parent / "results" / "language_checker.json"

# Written into the temporary folder next to node_modules/alex. Two modes:
#   spans FILE  -> FILE holds a JSON list of texts; prints one JSON list of
#                  [start, end] (UTF-16 offsets) per text, one per line.
#   time FILE N -> checks the text in FILE N times; prints one JSON object per run
#                  with wall and CPU seconds and the number of messages.
RUNNER_JS = """\
import {markdown} from 'alex'
import {readFileSync} from 'node:fs'

const [mode, file, runs] = process.argv.slice(2)

function spans(text) {
  const out = []
  for (const message of markdown(text).messages) {
    const place = message.place ?? message.position
    if (!place) continue
    const start = place.start ?? place
    const end = place.end ?? start
    if (typeof start.offset !== 'number') continue
    const length = String(message.actual ?? '').length
    out.push([start.offset, typeof end.offset === 'number' ? end.offset : start.offset + length])
  }
  return out
}

if (mode === 'spans') {
  for (const text of JSON.parse(readFileSync(file, 'utf8'))) {
    process.stdout.write(JSON.stringify(spans(text)) + '\\n')
  }
} else if (mode === 'time') {
  const text = readFileSync(file, 'utf8')
  for (let run = 0; run < Number(runs); run++) {
    const cpu = process.cpuUsage()
    const started = performance.now()
    const found = markdown(text).messages.length
    const wall = (performance.now() - started) / 1000
    const used = process.cpuUsage(cpu)
    const cpuSeconds = (used.user + used.system) / 1e6
    process.stdout.write(JSON.stringify({wall, cpu: cpuSeconds, found}) + '\\n')
  }
} else {
  process.stderr.write('usage: runner.mjs spans FILE | time FILE RUNS\\n')
  process.exit(2)
}
"""


class BenchmarkError(RuntimeError):
    """The benchmark cannot run; the message says what to install or fix."""


def install_alex(folder: Path, version: str) -> str:
    """npm-install alex into `folder` (no global install); returns the installed version."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        raise BenchmarkError(
            "node and npm are needed to install alex for the side-by-side run; "
            "install Node.js (which includes npm), e.g. `apt-get install nodejs npm`."
        )
    command = [npm, "install", "--prefix", str(folder), f"alex@{version}"]
    command += ["--no-audit", "--no-fund", "--loglevel=error"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BenchmarkError(f"npm install alex@{version} failed:\n{done.stderr.strip()}")
    package = json.loads((folder / "node_modules" / "alex" / "package.json").read_text())
    (folder / "runner.mjs").write_text(RUNNER_JS, encoding="utf-8")
    return str(package["version"])


def _node(folder: Path, *args: str) -> list[Any]:
    done = subprocess.run(  # noqa: S603 (a fixed command; no shell)
        [shutil.which("node") or "node", str(folder / "runner.mjs"), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=folder,
    )
    if done.returncode != 0:
        raise BenchmarkError(f"running alex failed:\n{done.stderr.strip()[-2000:]}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def utf16_to_python(text: str) -> Callable[[int], int]:
    """Map a UTF-16 offset (what JavaScript reports) to a Python character offset."""
    if all(ord(char) < 0x10000 for char in text):
        return lambda offset: offset
    positions: list[int] = []
    for index, char in enumerate(text):
        positions.extend([index] * (2 if ord(char) >= 0x10000 else 1))
    positions.append(len(text))
    return lambda offset: positions[min(offset, len(positions) - 1)]


def alex_spans(folder: Path, sentences: list[Labelled]) -> dict[str, list[Span]]:
    """alex's findings for each sentence, as Python character spans (duplicates merged:
    alex can report one word twice, once per rule set)."""
    texts = [sentence.text for sentence in sentences]
    source = folder / "sentences.json"
    source.write_text(json.dumps(texts), encoding="utf-8")
    result: dict[str, list[Span]] = {}
    for text, found in zip(texts, _node(folder, "spans", str(source)), strict=True):
        convert = utf16_to_python(text)
        result[text] = sorted({(convert(start), convert(end)) for start, end in found})
    return result


def alex_times(folder: Path, text: str, runs: int) -> list[dict[str, float]]:
    """alex's wall and CPU seconds for each run on `text`."""
    source = folder / "throughput.txt"
    source.write_text(text, encoding="utf-8")
    return _node(folder, "time", str(source), str(runs))


def our_times(text: str, runs: int) -> list[dict[str, float]]:
    """Our checker's wall and CPU seconds for each run on `text` (guide built beforehand)."""
    checker = default_checker()
    checker.check("warm up: the homeless")
    times = []
    for _ in range(runs):
        gc.disable()  # as timeit does; collections would time the allocator, not the checker
        try:
            cpu, wall = time.process_time(), time.perf_counter()
            found = len(checker.check(text))
            elapsed = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
        finally:
            gc.enable()
        times.append({**elapsed, "found": found})
    return times


def throughput_text(sentences: list[Labelled], chars: int) -> str:
    """The evaluation sentences as paragraphs (blank line between), repeated to about
    `chars` characters. (alex's markdown parser overflows its stack on one 1 MB paragraph.)"""
    block = "\n\n".join(sentence.text for sentence in sentences) + "\n\n"
    return block * max(1, round(chars / len(block)))


def _tally(tally: Tally) -> dict[str, float | int]:
    return {
        "tp": tally.tp,
        "fp": tally.fp,
        "fn": tally.fn,
        "precision": round(tally.precision, 3),
        "recall": round(tally.recall, 3),
        "f1": round(tally.f1, 3),
    }


def quality(result: Score) -> dict[str, Any]:
    """A JSON-ready summary of one checker's score."""
    return {
        "overall": _tally(result.overall),
        "clean_sentences": result.clean_sentences,
        "clean_sentences_flagged": result.clean_sentences_flagged,
        "clean_false_positive_rate": round(result.clean_false_positive_rate, 3),
        "by_domain": {name: _tally(t) for name, t in sorted(result.by_domain.items())},
        "by_category": {name: _tally(t) for name, t in sorted(result.by_category.items())},
        "false_positives": [list(pair) for pair in result.false_positives],
        "false_negatives": [list(pair) for pair in result.false_negatives],
    }


def _speed(times: list[dict[str, float]], chars: int) -> dict[str, float]:
    wall = min(run["wall"] for run in times)
    cpu = min(run["cpu"] for run in times)
    return {
        "chars": chars,
        "best_wall_seconds": round(wall, 4),
        "best_cpu_seconds": round(cpu, 4),
        "chars_per_second_wall": round(chars / wall),
        "chars_per_second_cpu": round(chars / cpu) if cpu else 0,
        "findings": int(times[0]["found"]),
    }


def _machine() -> dict[str, str]:
    model = platform.processor() or platform.machine()
    lscpu, node = shutil.which("lscpu"), shutil.which("node") or "node"
    if lscpu:
        described = subprocess.run([lscpu], capture_output=True, text=True, check=False)  # noqa: S603
        for line in described.stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "node": version.stdout.strip(),
    }


def _print_table(report: dict[str, Any]) -> None:
    ours, alex = report["quality"]["equitylens"], report["quality"]["alex"]
    print(f"Evaluation set: {report['sentences']} sentences, {report['labelled_spans']} spans")
    print(f"{'':34}{'Equity Lens':>14}{'alex ' + report['alex_version']:>14}")
    for key in ("precision", "recall", "f1", "tp", "fp", "fn"):
        print(f"  {key:32}{ours['overall'][key]:>14}{alex['overall'][key]:>14}")
    print(
        f"  {'clean sentences flagged':32}"
        f"{ours['clean_sentences_flagged']:>10}/{ours['clean_sentences']:<3}"
        f"{alex['clean_sentences_flagged']:>10}/{alex['clean_sentences']:<3}"
    )
    print("  recall by category:")
    for name in sorted(set(ours["by_category"]) | set(alex["by_category"])):
        mine = ours["by_category"].get(name, {}).get("recall", 0)
        theirs = alex["by_category"].get(name, {}).get("recall", 0)
        print(f"    {name:30}{mine:>14}{theirs:>14}")
    speed = report["throughput"]
    print(f"Throughput on {speed['equitylens']['chars']:,} characters (best of {report['runs']}):")
    for name in ("equitylens", "alex"):
        row = speed[name]
        print(
            f"  {name:12}{row['chars_per_second_wall']:>14,} chars/s wall"
            f"{row['chars_per_second_cpu']:>14,} chars/s CPU"
            f"  ({row['best_wall_seconds']} s, {row['findings']} findings)"
        )
    print(
        f"  ratio: {speed['ratio_wall']}x (wall), {speed['ratio_cpu']}x (CPU); "
        f"target {TARGET_RATIO:.0f}x"
    )


def run(alex_version: str, chars: int, runs: int, keep: Path | None) -> dict[str, Any]:
    """Install alex, score both checkers, time both; returns the report."""
    folder = keep or Path(tempfile.mkdtemp(prefix="equitylens-alex-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        print(f"Installing alex@{alex_version} with npm into {folder} …", flush=True)
        version = install_alex(folder, alex_version)
        sentences = load_evaluation_set()
        checker = default_checker()
        found = alex_spans(folder, sentences)
        report: dict[str, Any] = {
            "date": time.strftime("%Y-%m-%d"),
            "machine": _machine(),
            "alex_version": version,
            "alex_api": "markdown() (what the alex CLI uses for prose), default options",
            "sentences": len(sentences),
            "labelled_spans": sum(len(s.spans) for s in sentences),
            "runs": runs,
            "quality": {
                "equitylens": quality(
                    score(sentences, lambda t: [(f.start, f.end) for f in checker.check(t)])
                ),
                "alex": quality(score(sentences, lambda t: found[t])),
            },
        }
        text = throughput_text(sentences, chars)
        print(f"Timing both on {len(text):,} characters, best of {runs} …", flush=True)
        ours = _speed(our_times(text, runs), len(text))
        theirs = _speed(alex_times(folder, text, runs), len(text))
        report["throughput"] = {
            "text": "evaluation sentences as paragraphs, repeated",
            "equitylens": ours,
            "alex": theirs,
            "ratio_wall": round(ours["chars_per_second_wall"] / theirs["chars_per_second_wall"]),
            "ratio_cpu": round(
                ours["chars_per_second_cpu"] / max(1, theirs["chars_per_second_cpu"])
            ),
        }
        return report
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alex-version", default="11", help="npm version range (default 11)")
    parser.add_argument("--chars", type=int, default=1_000_000, help="text size for timing")
    parser.add_argument("--runs", type=int, default=3, help="timed runs each; the best counts")
    parser.add_argument("--keep-alex", type=Path, help="install into (and keep) this folder")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON")
    options = parser.parse_args(argv)
    try:
        report = run(options.alex_version, options.chars, options.runs, options.keep_alex)
    except BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    _print_table(report)
    print(f"Wrote {options.out}")
    return 0 if report["throughput"]["ratio_wall"] >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
