"""AI-OCR benchmark: generated paper forms read field by field against their template, compared
with Tesseract reading the whole page without the template, in the same run.

    .venv/bin/python bench/ocr.py [--pages 40]

The pages come from kencho.ocr.samples (the tests' generator): a request form at 200 dpi, answers
written in typed fonts (IPAex Gothic, Noto Sans CJK) on odd pages and a handwriting-style font
(Klee One) on even ones, then turned by up to 1.5°, moved, blurred, made noisy and saved as JPEG.
Generating them is not timed.

1. pipeline: `kencho.ocr.reading.page_read` per page — register to the blank form, crop each box,
   PP-OCR on every text box, Tesseract as well on digits and dates, ink ratio for the checkbox,
   normalisation and the form's validation. Figures per field type (text, digits, date, checkbox)
   and style: exact-match rate and character error rate (CER) of the stored value, and the share of
   wrong fields that reach review flagged (doubtful or invalid).
2. baseline: Tesseract (jpn, automatic page segmentation) on each whole page, no template: a field
   counts as exact when its written text appears in the page's text (spaces ignored); its CER is the
   best match of a window of the same length.

Each phase runs in its own process; its peak resident memory is that worker's peak (models loaded).
The model loading time is reported apart. The last line repeats the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TYPES = {
    "applicant_name": "text",
    "address": "text",
    "birth_date": "date",
    "postal_code": "digits",
    "phone": "digits",
    "children": "digits",
    "income": "digits",
    "consent": "checkbox",
}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kencho.settings.test")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    import django

    django.setup()


def make_pages(count: int) -> list[tuple[Any, bytes]]:
    from kencho.ocr import samples

    return [(sample, samples.filled_page(sample)) for sample in samples.samples(count)]


def phase_pipeline(count: int) -> dict[str, Any]:
    from kencho.ocr import imaging, samples
    from kencho.ocr.engines import engine_get
    from kencho.ocr.normalise import display
    from kencho.ocr.reading import BoxSpec, FieldStatus, page_read
    from kencho.ocr.scoring import edit_distance

    pages = make_pages(count)
    template = imaging.decode(samples.blank_page_bytes())
    boxes = [BoxSpec(**b) for b in samples.TEMPLATE_BOXES]
    started = time.perf_counter()
    for engine in ("rapidocr", "tesseract"):
        engine_get(engine).ensure_loaded()
    load_seconds = time.perf_counter() - started
    stats: dict[str, dict[str, float]] = {}
    wrong = flagged_wrong = flagged_right = fields = 0
    started = time.perf_counter()
    for sample, scan in pages:
        result = page_read(imaging.decode(scan), template, boxes, schema=samples.FORM_DEFINITION)
        for found in result.fields:
            if found.status == FieldStatus.IGNORED:
                continue
            truth_value = sample.expected.get(found.box.key)
            if isinstance(truth_value, dict):
                truth_value = truth_value.get(found.box.part)
            truth = display(truth_value).replace(" ", "")
            got = display(found.value).replace(" ", "")
            flagged = found.status != FieldStatus.OK
            fields += 1
            for key in (TYPES[found.box.key], f"{TYPES[found.box.key]}/{sample.style}"):
                row = stats.setdefault(key, {"fields": 0, "exact": 0, "errors": 0, "chars": 0})
                row["fields"] += 1
                row["exact"] += got == truth
                row["errors"] += edit_distance(got, truth)
                row["chars"] += max(1, len(truth))
            if got != truth:
                wrong += 1
                flagged_wrong += flagged
            else:
                flagged_right += flagged
    seconds = time.perf_counter() - started
    return {
        "pages": count,
        "seconds": seconds,
        "load_seconds": load_seconds,
        "fields": fields,
        "wrong": wrong,
        "wrong_flagged": flagged_wrong,
        "right_flagged": flagged_right,
        "stats": stats,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def phase_tesseract_page(count: int) -> dict[str, Any]:
    from kencho.ocr import imaging
    from kencho.ocr.engines import engine_get
    from kencho.ocr.scoring import best_window_distance

    pages = make_pages(count)
    engine = engine_get("tesseract")
    started = time.perf_counter()
    engine.ensure_loaded()
    load_seconds = time.perf_counter() - started
    stats: dict[str, dict[str, float]] = {}
    started = time.perf_counter()
    for sample, scan in pages:
        text = "".join(engine.read_page(imaging.decode(scan)).split())
        for key, written in sample.written.items():
            kind = TYPES[key.split(".")[0]]
            if kind == "checkbox":
                continue  # a tick is not text
            truth = written.replace(" ", "")
            for name in (kind, f"{kind}/{sample.style}"):
                row = stats.setdefault(name, {"fields": 0, "exact": 0, "errors": 0, "chars": 0})
                row["fields"] += 1
                row["exact"] += truth in text
                row["errors"] += best_window_distance(text, truth)
                row["chars"] += max(1, len(truth))
    seconds = time.perf_counter() - started
    return {
        "pages": count,
        "seconds": seconds,
        "load_seconds": load_seconds,
        "stats": stats,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_phase(name: str, pages: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--pages", str(pages)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--pages", type=int, default=40, help="generated pages (half typed, half handwriting)"
    )
    parser.add_argument("--phase", choices=["pipeline", "tesseract-page"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        setup_django()
        phase = phase_pipeline if args.phase == "pipeline" else phase_tesseract_page
        print(json.dumps(phase(args.pages)))
        return 0

    print(f"Kencho AI-OCR: {args.pages} generated request forms (200 dpi, turned, noisy, JPEG), 9 boxes each")
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, OMP_THREAD_LIMIT=1")
    pipeline = run_phase("pipeline", args.pages)
    baseline = run_phase("tesseract-page", args.pages)

    def rate(row: dict[str, float] | None, key: str) -> str:
        if not row:
            return "—"
        return (
            f"{row['exact'] / row['fields']:.3f}" if key == "exact" else f"{row['errors'] / row['chars']:.3f}"
        )

    print()
    print(
        f"{'field type':<22} {'fields':>6} {'exact':>7} {'CER':>7}   {'Tesseract page: exact':>21} {'CER':>7}"
    )
    print("-" * 78)
    for key in sorted(pipeline["stats"]):
        ours, theirs = pipeline["stats"][key], baseline["stats"].get(key)
        print(
            f"{key:<22} {int(ours['fields']):>6} {rate(ours, 'exact'):>7} {rate(ours, 'cer'):>7}"
            f"   {rate(theirs, 'exact'):>21} {rate(theirs, 'cer'):>7}"
        )
    pages_per_s = args.pages / pipeline["seconds"]
    base_per_s = args.pages / baseline["seconds"]
    all_ours = {
        k: sum(pipeline["stats"][t][k] for t in ("text", "digits", "date")) for k in ("fields", "exact")
    }
    all_theirs = {
        k: sum(baseline["stats"][t][k] for t in ("text", "digits", "date")) for k in ("fields", "exact")
    }
    exact_ours = all_ours["exact"] / all_ours["fields"]
    exact_theirs = all_theirs["exact"] / all_theirs["fields"]
    flagged_share = pipeline["wrong_flagged"] / pipeline["wrong"] if pipeline["wrong"] else 1.0
    print()
    print(f"{'what':<28} {'pages/s':>8} {'s/page':>7} {'exact (text+digits+date)':>25} {'peak MB':>8}")
    print("-" * 78)
    print(
        f"{'template + PP-OCR (+Tess.)':<28} {pages_per_s:>8.2f} {1 / pages_per_s:>7.2f}"
        f" {exact_ours:>25.3f} {pipeline['peak_mb']:>8.0f}"
    )
    print(
        f"{'Tesseract, whole page':<28} {base_per_s:>8.2f} {1 / base_per_s:>7.2f}"
        f" {exact_theirs:>25.3f} {baseline['peak_mb']:>8.0f}"
    )
    print(
        f"ratio to Tesseract whole page: speed ×{pages_per_s / base_per_s:.2f}, "
        f"exact-match ×{exact_ours / exact_theirs if exact_theirs else float('inf'):.2f}"
    )
    print(
        f"wrong fields: {pipeline['wrong']} of {pipeline['fields']}; flagged for review: "
        f"{pipeline['wrong_flagged']} ({flagged_share:.0%}); "
        f"right fields flagged anyway: {pipeline['right_flagged']}"
    )
    print(
        f"model loading (not in the rates): pipeline {pipeline['load_seconds']:.1f} s, "
        f"Tesseract {baseline['load_seconds']:.1f} s; load average {os.getloadavg()[0]:.1f} at the end"
    )
    figures = {
        "pages": args.pages,
        "pages_per_s": round(pages_per_s, 3),
        "baseline_pages_per_s": round(base_per_s, 3),
        "speed_ratio": round(pages_per_s / base_per_s, 3),
        "exact": round(exact_ours, 4),
        "baseline_exact": round(exact_theirs, 4),
        "wrong": pipeline["wrong"],
        "wrong_flagged_share": round(flagged_share, 4),
        "right_flagged": pipeline["right_flagged"],
        "peak_mb": round(pipeline["peak_mb"]),
        "baseline_peak_mb": round(baseline["peak_mb"]),
        "per_type": {
            k: {"exact": round(v["exact"] / v["fields"], 4), "cer": round(v["errors"] / v["chars"], 4)}
            for k, v in pipeline["stats"].items()
        },
    }
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
