"""Benchmark: render 1,000 certificates with the provider layout (logo, QR), one process.

    .venv/bin/python benchmarks/certificates.py [--count 1000]

Certificates are unsaved Certificate instances with realistic, varied text (names,
credentials, long and short titles, one to four credit lines); the layout has a PNG
logo, a signatory and a footer, like the demo provider's. Rendering is CPU-bound and
single-threaded, so certificates per CPU-second is the figure per core. Target: ≥ 50.
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
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="equitylens-bench-"))

TARGET_PER_CORE = 50.0

FIRST = ["Avery", "Jordan", "Priya", "Mateo", "Nia", "Wen", "Olusegun", "Hannah", "Diego", "Aisha"]
LAST = ["Okafor", "Castillo-Whitfield", "Nguyen", "Hernández", "Kowalski", "O’Brien", "Haddad"]
TITLES = [
    "Seeing Bias in the Exam Room",
    "Recognizing and Mitigating Unconscious Bias in Clinical Decision-Making: A Case-Based "
    "Online Course for Physicians, Nurses and Care Teams",
    "Advancing Health Equity: A Short Video Course",
    "Interactive Implicit Bias Workshop",
    "Health Equity M&M: Learning From Cases Where Structural Racism Shaped Care",
]
CREDITS = [
    [{"label": "AMA PRA Category 1 Credit(s)™", "amount": "1.75", "unit": "credits"}],
    [
        {"label": "AMA PRA Category 1 Credit(s)™", "amount": "2.0", "unit": "credits"},
        {"label": "ABIM MOC points", "amount": "2.0", "unit": "points"},
    ],
    [{"label": "nursing contact hours", "amount": "1.5", "unit": "hours"}],
    [
        {"label": "AMA PRA Category 1 Credit(s)™", "amount": "2.0", "unit": "credits"},
        {"label": "ABIM MOC points", "amount": "2.0", "unit": "points"},
        {"label": "ABP MOC credits", "amount": "2.0", "unit": "credits"},
        {"label": "ABS MOC credits", "amount": "2.0", "unit": "credits"},
    ],
]


def main() -> None:
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from equitylens.credentials.models import Certificate, CertificateLayout
    from equitylens.credentials.services.certificate_pdf import render_certificate_pdf
    from equitylens.credentials.services.certificates import (
        new_certificate_number,
        sample_certificate,
    )
    from equitylens.demo.certificates import draw_logo

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    count = parser.parse_args().count

    provider = "Lakeshore Medical Society"
    logo = default_storage.save("bench/logo.png", ContentFile(draw_logo(provider)))
    layout = CertificateLayout(
        heading="Certificate of Completion",
        signatory_name="Dr. Morgan Ellis",
        signatory_title="Director of Continuing Medical Education",
        accent_color="#1f4e79",
        footer=f"{provider} · Continuing Medical Education",
        logo=logo,
    )
    template = sample_certificate(provider)
    certificates: list[Certificate] = []
    for n in range(count):
        certificate = Certificate(
            number=new_certificate_number(2026),
            learner_name=f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)]}",
            learner_credentials=["MD", "DO, MPH", "RN, BSN", "MD, PhD", ""][n % 5],
            activity_title=TITLES[n % len(TITLES)],
            activity_type="Enduring material (online course)",
            completion_text=f"Completed Nov {n % 28 + 1}, 2026",
            provider_name=provider,
            accreditation_statement=template.accreditation_statement,
            designation_statement=template.designation_statement,
            credits=CREDITS[n % len(CREDITS)],
        )
        certificates.append(certificate)

    render_certificate_pdf(certificates[0], layout)  # warm-up: imports, logo decoding
    wall, cpu = time.perf_counter(), time.process_time()
    total_bytes = sum(len(render_certificate_pdf(c, layout)) for c in certificates)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    per_core = count / cpu
    print(f"Rendered {count} certificates in {wall:.2f} s wall, {cpu:.2f} s CPU (one process)")
    print(f"  {count / wall:.0f} certificates/second wall clock")
    print(f"  {per_core:.0f} certificates/second per core (CPU time), target {TARGET_PER_CORE:.0f}")
    print(f"  average PDF size {total_bytes / count / 1024:.1f} KiB")
    print(
        f"  machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
    if per_core < TARGET_PER_CORE:
        sys.exit("Below target.")


if __name__ == "__main__":
    main()
