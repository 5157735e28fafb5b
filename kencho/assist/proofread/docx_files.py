"""Word files: their text as the rules see it, and the same file with accepted corrections applied.

The text is every paragraph of the body, tables included (cell by cell, in document order), joined
by line feeds; a paragraph's text is the text of its runs, hyperlinks' runs included. A correction is
written into the runs it covers: the replacement takes the formatting of the run where the flagged
span begins, and the rest of the document is untouched.

Limits (such corrections are skipped and reported, never half-applied): headers, footers, footnotes,
comments and text boxes are not read; a span that crosses paragraphs, or that touches a run holding
more than text (a picture, a field, tracked changes), is not changed.
"""

from __future__ import annotations

import bisect
import io
from collections.abc import Iterator, Sequence
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .corrections import non_overlapping
from .findings import Finding

_SIMPLE_RUN_CHILDREN = frozenset({qn("w:rPr"), qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")})


def _paragraphs(container: Any) -> Iterator[Paragraph]:
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, Table):
            seen: set[int] = set()
            for row in block.rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell appears once per grid column
                        continue
                    seen.add(id(cell._tc))
                    yield from _paragraphs(cell)


def _runs(paragraph: Paragraph) -> list[Run]:
    runs: list[Run] = []
    for child in paragraph._p.iterchildren():
        if child.tag == qn("w:r"):
            runs.append(Run(child, paragraph))
        elif child.tag == qn("w:hyperlink"):
            runs.extend(Run(r, paragraph) for r in child.iterchildren(qn("w:r")))
    return runs


def _paragraph_text(paragraph: Paragraph) -> str:
    return "".join(run.text for run in _runs(paragraph))


def open_docx(data: bytes) -> Any:
    return Document(io.BytesIO(data))


def docx_text(data: bytes) -> str:
    return "\n".join(_paragraph_text(p) for p in _paragraphs(open_docx(data)))


def _simple(run: Run) -> bool:
    return all(child.tag in _SIMPLE_RUN_CHILDREN for child in run._r.iterchildren())


def _replace_in_paragraph(paragraph: Paragraph, start: int, end: int, replacement: str) -> bool:
    """Replace paragraph text [start, end) inside its runs; False (and nothing changed) if it cannot."""
    runs = _runs(paragraph)
    bounds = []
    position = 0
    for run in runs:
        length = len(run.text)
        bounds.append((run, position, position + length))
        position += length
    if start == end:
        touched = [b for b in bounds if b[1] <= start <= b[2]][:1]
    else:
        touched = [b for b in bounds if b[1] < end and start < b[2]]
    if not touched or not all(_simple(run) for run, _, _ in touched):
        return False
    first, first_start, first_end = touched[0]
    last, last_start, _ = touched[-1]
    text = first.text
    tail = text[end - first_start :] if end <= first_end else ""
    first.text = text[: start - first_start] + replacement + tail
    for run, _, _ in touched[1:-1]:
        run.text = ""
    if last is not first:
        last.text = last.text[end - last_start :]
    return True


def docx_apply(data: bytes, findings: Sequence[Finding]) -> tuple[bytes, list[int], list[int]]:
    """The Word file with the findings' suggestions applied; (file, applied, skipped) by index."""
    document = open_docx(data)
    paragraphs = list(_paragraphs(document))
    starts: list[int] = []
    lengths: list[int] = []
    position = 0
    for paragraph in paragraphs:
        starts.append(position)
        lengths.append(len(_paragraph_text(paragraph)))
        position += lengths[-1] + 1
    candidates, skipped = non_overlapping(findings)
    applied: list[int] = []
    # from the end, so that earlier offsets stay valid
    for index in sorted(candidates, key=lambda i: findings[i].start, reverse=True):
        finding = findings[index]
        number = bisect.bisect_right(starts, finding.start) - 1
        paragraph_start = starts[number]
        replaced = finding.end <= paragraph_start + lengths[number] and _replace_in_paragraph(
            paragraphs[number],
            finding.start - paragraph_start,
            finding.end - paragraph_start,
            finding.suggestion or "",
        )
        (applied if replaced else skipped).append(index)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), sorted(applied), sorted(skipped)
