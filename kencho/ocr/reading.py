"""Reading one scanned page against its template: align, crop each box, read it with the engine
setting that fits its kind, normalise, validate with the form's own rules, and decide which fields a
person must look at. Pure functions over arrays and dicts; the models and services store the result."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from kencho.forms.definition import field_by_key
from kencho.forms.validation import FieldError, validate_answers

from . import imaging
from .engines import Hint, engine_get
from .normalise import display, normalise, same_value

CHECKED_ABOVE = 0.05  # share of dark pixels in a checkbox that means ticked
UNCHECKED_BELOW = 0.015
CHECKBOX_OPTION_TYPES = {"checkboxes", "radio", "select"}
# Kinds whose numbers are read twice: a well-formed wrong number is worse than an unread one.
VERIFIED_KINDS = {"digits", "date"}


class FieldStatus:
    OK = "ok"
    DOUBTFUL = "doubtful"
    INVALID = "invalid"
    IGNORED = "ignored"


@dataclass(frozen=True)
class BoxSpec:
    key: str
    kind: str  # line, digits, date, checkbox, ignore
    x: int
    y: int
    width: int
    height: int
    part: str = ""
    option: str = ""
    label: str = ""


@dataclass
class FieldResult:
    box: BoxSpec
    value: Any
    confidence: float
    readings: list[dict[str, Any]] = field(default_factory=list)
    status: str = FieldStatus.OK
    reasons: list[str] = field(default_factory=list)
    message_ja: str = ""
    message_en: str = ""

    @property
    def text(self) -> str:
        return display(self.value)

    def doubt(self, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)
        if self.status == FieldStatus.OK:
            self.status = FieldStatus.DOUBTFUL


@dataclass
class PageResult:
    fields: list[FieldResult]
    registered: bool
    inliers: int
    answers: dict[str, Any]
    errors: list[FieldError]  # the form's errors that belong to no box
    seconds: float
    aligned: imaging.Gray | None = None  # the page on the template's grid, as the boxes were cut


def review_threshold() -> float:
    return float(getattr(settings, "KENCHO_OCR_REVIEW_BELOW", 0.95))


def field_type(schema: dict[str, Any], key: str) -> str:
    found = field_by_key(schema, key) if key else None
    return str(found["type"]) if found else "text"


def _hint(kind: str) -> Hint:
    return "digits" if kind == "digits" else "date" if kind == "date" else "line"


def read_box(
    aligned: imaging.Gray, box: BoxSpec, *, schema: dict[str, Any], primary: str, verifier: str | None
) -> FieldResult:
    """Read one box of an aligned page."""
    if box.kind == "ignore":
        return FieldResult(box=box, value=None, confidence=1.0, status=FieldStatus.IGNORED)
    cleaned = imaging.clean_box(imaging.crop(aligned, x=box.x, y=box.y, width=box.width, height=box.height))
    if box.kind == "checkbox":
        ratio = imaging.ink_ratio(cleaned)
        ticked = ratio >= (CHECKED_ABOVE + UNCHECKED_BELOW) / 2
        confidence = 1.0 if ratio >= CHECKED_ABOVE or ratio <= UNCHECKED_BELOW else 0.5
        result = FieldResult(
            box=box,
            value=True if ticked else None,
            confidence=confidence,
            readings=[{"engine": "ink", "text": f"{ratio:.3f}", "confidence": confidence}],
        )
        if confidence < 1.0:
            result.doubt("faint_mark")
        return result
    line = imaging.trim_to_ink(cleaned)
    if line is None:
        return FieldResult(box=box, value=None, confidence=1.0, readings=[])
    kind_type = field_type(schema, box.key)
    if kind_type in {"name", "address"}:  # parts of a compound field are read as plain text
        kind_type = "postal_code" if box.part == "postal_code" else "text"
    first = engine_get(primary).read(line, hint=_hint(box.kind))
    value = normalise(first.text, field_type=kind_type)
    readings = [{"engine": first.engine, "text": first.text, "confidence": round(first.confidence, 4)}]
    result = FieldResult(box=box, value=value, confidence=first.confidence, readings=readings)
    if value is None:
        result.value = first.text or None
        result.status = FieldStatus.INVALID
        result.reasons.append("not_a_value")
    if first.confidence < review_threshold():
        result.doubt("low_confidence")
    if verifier and box.kind in VERIFIED_KINDS:
        second = engine_get(verifier).read(line, hint=_hint(box.kind))
        readings.append(
            {"engine": second.engine, "text": second.text, "confidence": round(second.confidence, 4)}
        )
        if not same_value(normalise(second.text, field_type=kind_type), value):
            result.doubt("engines_disagree")
    return result


def assemble_answers(items: Iterable[tuple[BoxSpec, Any]], schema: dict[str, Any]) -> dict[str, Any]:
    """The answers of a page, shaped as the form engine expects them."""
    answers: dict[str, Any] = {}
    for box, value in items:
        if box.kind == "ignore" or not box.key or value is None or value == "":
            continue
        kind_type = field_type(schema, box.key)
        if box.kind == "checkbox":
            if kind_type == "checkboxes" and box.option:
                answers.setdefault(box.key, []).append(box.option)
            elif kind_type in CHECKBOX_OPTION_TYPES and box.option:
                answers[box.key] = box.option
            else:
                answers[box.key] = True
        elif kind_type in {"name", "address"}:
            part = box.part or ("name" if kind_type == "name" else "address")
            answers.setdefault(box.key, {})[part] = value
        else:
            answers[box.key] = value
    return answers


def boxes_of_error(error: FieldError, boxes: list[BoxSpec]) -> list[int]:
    """The positions of the boxes a form error is about: the boxes of its question (of its part,
    for a name or address); none when the question has no box on the paper."""
    key = error.path.split(".")[0]
    return [
        i
        for i, box in enumerate(boxes)
        if box.key == key and (not error.part or box.part in {"", error.part})
    ]


def apply_validation(
    fields: list[FieldResult], schema: dict[str, Any]
) -> tuple[dict[str, Any], list[FieldError]]:
    """Validate the page's answers with the form's rules; errors of a boxed field mark it invalid,
    the others are returned for the page."""
    answers = assemble_answers(((f.box, f.value) for f in fields if f.status != FieldStatus.INVALID), schema)
    result = validate_answers(schema, answers, strict=False)
    unplaced: list[FieldError] = []
    for error in result.errors:
        targets = [fields[i] for i in boxes_of_error(error, [f.box for f in fields])]
        if not targets:
            unplaced.append(error)
            continue
        for f in targets:
            f.status = FieldStatus.INVALID
            f.message_ja, f.message_en = error.message_ja, error.message_en
            if error.code not in f.reasons:
                f.reasons.append(error.code)
    return result.data, unplaced


def page_read(
    scan: imaging.Gray,
    template: imaging.Gray,
    boxes: list[BoxSpec],
    *,
    schema: dict[str, Any],
    primary: str = "rapidocr",
    verifier: str | None = "tesseract",
) -> PageResult:
    started = time.perf_counter()
    alignment = imaging.align(scan, template)
    fields = [
        read_box(alignment.image, box, schema=schema, primary=primary, verifier=verifier) for box in boxes
    ]
    if not alignment.registered:
        for f in fields:
            if f.status != FieldStatus.IGNORED:
                f.doubt("not_aligned")
    answers, errors = apply_validation(fields, schema)
    return PageResult(
        fields=fields,
        registered=alignment.registered,
        inliers=alignment.inliers,
        answers=answers,
        errors=errors,
        seconds=time.perf_counter() - started,
        aligned=alignment.image,
    )
