"""Benchmark: export 100,000 MOC completions to a PARS learner batch.

    .venv/bin/python benchmarks/pars_export.py [--count 100000]

Builds a fresh, migrated SQLite file database in a temporary folder (unless
DATABASE_URL is set, then that database is used: give it an empty one), bulk-creates
`count` consented MOC completions (learners with ABIM IDs and birth dates, ten
activities, one learner per activity per line) and times build_learner_batch — the
validation, the file and the ParsRecord rows. Target: under 5 seconds. A second run
(nothing new) is timed too.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equitylens.settings")
_tmp = tempfile.mkdtemp(prefix="equitylens-pars-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ.setdefault("MEDIA_ROOT", _tmp)

TARGET_SECONDS = 5.0
ACTIVITIES = 10


def _fill(count: int) -> None:
    from datetime import UTC, date, datetime, timedelta
    from decimal import Decimal

    from django.db import transaction

    from equitylens.accounts.models import BoardCertification, Organization, User
    from equitylens.catalog.models import Activity, ActivityFormat, CreditType
    from equitylens.learning.models import ClaimedCredit, CreditClaim, Enrollment, EnrollmentStatus

    learners = -(-count // ACTIVITIES)
    consent = datetime(2026, 3, 1, tzinfo=UTC)
    with transaction.atomic():
        provider = Organization.objects.create(name="Lakeshore Medical Society")
        activities = Activity.objects.bulk_create(
            Activity(
                title=f"Benchmark activity {n}",
                slug=f"benchmark-activity-{n}",
                summary="Benchmark.",
                format=ActivityFormat.ENDURING,
                duration_minutes=120,
                provider=provider,
                contact_name="Casey",
                contact_email="cme@example.org",
            )
            for n in range(ACTIVITIES)
        )
        users = User.objects.bulk_create(
            (
                User(
                    email=f"learner{n}@example.org",
                    first_name=f"First{n}",
                    last_name=f"Last{n}",
                    password="!",  # noqa: S106  (unusable password: no one signs in)
                    birth_month=n % 12 + 1,
                    birth_day=n % 28 + 1,
                )
                for n in range(learners)
            ),
            batch_size=5000,
        )
        BoardCertification.objects.bulk_create(
            (
                BoardCertification(user=u, board="ABIM", board_id=f"{n:06d}")
                for n, u in enumerate(users)
            ),
            batch_size=5000,
        )
        pairs = [(u, a) for a in activities for u in users][:count]
        enrollments = Enrollment.objects.bulk_create(
            (Enrollment(user=u, activity=a, status=EnrollmentStatus.CLAIMED) for u, a in pairs),
            batch_size=5000,
        )
        claims = CreditClaim.objects.bulk_create(
            (
                CreditClaim(
                    enrollment=e,
                    user=u,
                    activity=a,
                    completed_on=date(2026, 1, 1) + timedelta(days=i % 300),
                    moc_consent_at=consent,
                )
                for i, (e, (u, a)) in enumerate(zip(enrollments, pairs, strict=True))
            ),
            batch_size=5000,
        )
        ClaimedCredit.objects.bulk_create(
            (
                ClaimedCredit(
                    claim=c,
                    credit_type=CreditType.MOC_ABIM,
                    amount=Decimal("2.00"),
                    unit="points",
                    board="ABIM",
                    board_id="",
                )
                for c in claims
            ),
            batch_size=5000,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    count = parser.parse_args().count

    import django

    django.setup()
    from django.core.management import call_command

    from equitylens.accounts.models import User
    from equitylens.credentials.services.pars import build_learner_batch

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    _fill(count)
    print(f"Created {count:,} MOC completions in {time.perf_counter() - started:.1f} s")
    coordinator = User.objects.create(
        email="coordinator@example.org",
        password="!",  # noqa: S106  (unusable password)
    )

    started, cpu = time.perf_counter(), time.process_time()
    batch = build_learner_batch(coordinator)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert batch is not None and batch.record_count == count, batch
    print(
        f"Exported {batch.record_count:,} completions in {elapsed:.2f} s "
        f"wall ({cpu:.2f} s CPU; {len(batch.content.encode()) / 1_048_576:.1f} MiB file), "
        f"target < {TARGET_SECONDS:.0f} s"
    )
    started = time.perf_counter()
    again = build_learner_batch(coordinator)
    print(f"Re-run with nothing new: {time.perf_counter() - started:.2f} s, batch: {again}")
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    if elapsed >= TARGET_SECONDS:
        sys.exit(f"Slower than the target of {TARGET_SECONDS} s")


if __name__ == "__main__":
    main()
