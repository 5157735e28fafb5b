"""Proofreading benchmark: Kencho's rules against textlint on the same files, in the same run.

    .venv/bin/python bench/proofread.py [--size-kb 100] [--repeat 3]

1. Speed: characters per second on a generated public-notice document of --size-kb kilobytes (UTF-8),
   for Kencho (in process, after loading Sudachi and the synonym dictionary) and for textlint with
   textlint-rule-preset-ja-technical-writing and textlint-rule-preset-jtf-style (one node process;
   its start-up, measured on a one-line file, is reported and subtracted), and the ratio.
2. Quality: bench/data/proofread/planted.tsv holds sentences with one planted error each and correct
   sentences. An error is found when a finding overlaps its span; every finding that overlaps no
   planted error is a false positive. Recall and false positives are printed per category for both.

textlint must be installed: `npm ci` (scripts/install.sh does it). Exits 2 when it is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXTLINT = ROOT / "node_modules" / ".bin" / "textlint"
CORPUS = ROOT / "bench" / "data" / "proofread" / "planted.tsv"
TEXTLINTRC = {"rules": {"preset-ja-technical-writing": True, "preset-jtf-style": True}}

SENTENCES = [
    "三重県では、物価高騰の影響を受けている学生の皆様の食生活を支えるため、食事券を配布します。",
    "申請は、県のホームページにある申請フォームから行ってください。",
    "申込みの受付期間は、令和7年5月1日から6月30日までです。",
    "なお、申請者が多い場合は、抽選となることがあります。",
    "ご不明な点は、大学・学生支援課までお問い合わせください。",
    "会議では、委員から様々な意見が出されました。",
    "まず最初に、申請書の内容を確認して下さい。",
    "説明会には約100人ほどが参加しました。",
    "会場ではどなたでも展示を見れます。",
    "打ち合わせの資料は事前に送付させていただきます。",
    "受付番号はＡ１２３です。",
    "個人情報の取り扱いに注意してください。",
    "地域公共交通網形成計画策定の進め方を説明します。",
    "申請書および添付書類を提出してください。",
]


@dataclass
class Planted:
    category: str
    text: str
    start: int  # in the whole corpus text
    end: int


def load_corpus() -> tuple[str, list[Planted], list[tuple[int, int]]]:
    """The corpus as one text (a blank line between sentences), its planted errors, and line spans."""
    lines: list[tuple[str, str, str]] = []
    for raw in CORPUS.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#") or not raw.strip():
            continue
        category, sentence, error = [*raw.split("\t"), "", ""][:3]
        lines.append((category, sentence.replace("\\u200b", "\u200b"), error.replace("\\u200b", "\u200b")))
    text = ""
    planted: list[Planted] = []
    spans: list[tuple[int, int]] = []
    for category, sentence, error in lines:
        start = len(text)
        text += sentence + "\n\n"
        spans.append((start, start + len(sentence)))
        if error:
            at = sentence.index(error)
            planted.append(Planted(category, sentence, start + at, start + at + len(error)))
    return text, planted, spans


def document(size_kb: int) -> str:
    rng = random.Random(2025)
    parts: list[str] = []
    size = 0
    while size < size_kb * 1024:
        paragraph = "".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 6))) + "\n\n"
        parts.append(paragraph)
        size += len(paragraph.encode())
    return "".join(parts)


def kencho(text: str) -> list[tuple[int, int, str]]:
    from kencho.assist.proofread.engine import all_rule_ids, proofread
    from kencho.assist.proofread.terms import TermEntry

    terms = [TermEntry("三重県", ("三重件", "三重懸")), TermEntry("県政だより", ("県政便り",))]
    return [(f.start, f.end, f.rule) for f in proofread(text, rules=all_rule_ids(), terms=terms)]


def _code_points(text: str) -> list[int]:
    """UTF-16 offset → code point offset (textlint counts in UTF-16 units)."""
    table = []
    for index, char in enumerate(text):
        table.extend([index] * (2 if ord(char) > 0xFFFF else 1))
    table.append(len(text))
    return table


def textlint(path: Path, config: Path) -> tuple[list[tuple[int, int, str]], float]:
    started = time.perf_counter()
    result = subprocess.run(
        [str(TEXTLINT), "--config", str(config), "--format", "json", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        sys.exit(f"textlint failed ({result.returncode}):\n{result.stderr[-2000:]}")
    table = _code_points(path.read_text(encoding="utf-8"))
    found = []
    for file in json.loads(result.stdout):
        for message in file["messages"]:
            start, end = message.get("range") or [message["index"], message["index"] + 1]
            found.append(
                (
                    table[min(start, len(table) - 1)],
                    table[min(max(end, start + 1), len(table) - 1)],
                    message["ruleId"],
                )
            )
    return found, elapsed


def score(findings: list[tuple[int, int, str]], planted: list[Planted]) -> tuple[dict[str, list[int]], int]:
    """Per category [found, planted], and the number of findings that overlap no planted error."""
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for error in planted:
        per[error.category][1] += 1
        if any(s < error.end and error.start < max(e, s + 1) for s, e, _ in findings):
            per[error.category][0] += 1
    false_positives = sum(
        1 for s, e, _ in findings if not any(s < p.end and p.start < max(e, s + 1) for p in planted)
    )
    return per, false_positives


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-kb", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not TEXTLINT.exists():
        print(
            f"textlint is missing at {TEXTLINT}. "
            f"Install it with `npm ci` in {ROOT} (or bash scripts/install.sh)."
        )
        sys.exit(2)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kencho.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    text = document(args.size_kb)
    corpus, planted, _ = load_corpus()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / ".textlintrc.json"
        config.write_text(json.dumps(TEXTLINTRC))
        doc_path, corpus_path, tiny_path = (
            Path(tmp) / "doc.md",
            Path(tmp) / "corpus.md",
            Path(tmp) / "tiny.md",
        )
        doc_path.write_text(text, encoding="utf-8")
        corpus_path.write_text(corpus, encoding="utf-8")
        tiny_path.write_text("確認します。\n", encoding="utf-8")

        started = time.perf_counter()
        kencho("申請書を確認して下さい。")  # loads Sudachi, the synonym dictionary and the rule tables
        warm_up = time.perf_counter() - started
        ours = min(_timed(lambda: kencho(text)) for _ in range(args.repeat))
        startup = min(textlint(tiny_path, config)[1] for _ in range(args.repeat))
        theirs_total = min(textlint(doc_path, config)[1] for _ in range(args.repeat))
        theirs = max(theirs_total - startup, 1e-9)

        our_findings = kencho(corpus)
        their_findings, _ = textlint(corpus_path, config)

    chars = len(text)
    print(f"document: {chars:,} characters ({len(text.encode()) // 1024} KB UTF-8), best of {args.repeat}")
    print(
        f"  Kencho    {chars / ours:>12,.0f} chars/s  ({ours:.3f} s; first call with loading {warm_up:.2f} s)"
    )
    print(
        f"  textlint  {chars / theirs:>12,.0f} chars/s  ({theirs:.3f} s after {startup:.2f} s node start-up;"
        f" {theirs_total:.2f} s in all)"
    )
    print(
        f"  ratio     Kencho is {theirs / ours:.1f}x textlint's speed"
        f" ({theirs_total / ours:.1f}x with start-up)"
    )
    ours_per, ours_fp = score(our_findings, planted)
    theirs_per, theirs_fp = score(their_findings, planted)
    print(f"\nplanted-error corpus: {len(planted)} errors in {CORPUS.relative_to(ROOT)}")
    print(f"  {'category':<16}{'Kencho':>10}{'textlint':>10}")
    for category in dict.fromkeys(p.category for p in planted):
        a, b = ours_per[category], theirs_per[category]
        print(f"  {category:<16}{a[0]:>6}/{a[1]:<3}{b[0]:>6}/{b[1]:<3}")
    our_found = sum(v[0] for v in ours_per.values())
    their_found = sum(v[0] for v in theirs_per.values())
    print(f"  {'recall':<16}{our_found / len(planted):>9.0%}{their_found / len(planted):>10.0%}")
    print(f"  {'false positives':<16}{ours_fp:>9}{theirs_fp:>10}")


def _timed(call: object) -> float:
    started = time.perf_counter()
    call()  # type: ignore[operator]
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
