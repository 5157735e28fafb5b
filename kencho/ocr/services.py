"""Writes to OCR templates, batches and pages. Each function runs in one transaction with an audit
entry; reading pages happens in the background (tasks.ocr_batch_run → batch_run)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kencho.core.audit import audit_record
from kencho.core.background import enqueue_after_commit
from kencho.core.models import User
from kencho.forms.definition import field_by_key, iter_fields
from kencho.forms.selectors import form_version_current
from kencho.procedures.models import Procedure

from . import imaging, scans
from .engines.tesseract import tesseract_available
from .errors import OcrError, OcrInvalid
from .models import (
    Batch,
    BatchSource,
    BatchStatus,
    BoxKind,
    ExtractedField,
    FieldStatus,
    FormTemplate,
    Page,
    PageStatus,
    TemplateBox,
)
from .reading import BoxSpec, page_read

MAX_UPLOAD_BYTES = 100 * 1024 * 1024
NAME_PARTS = {"name": {"name", "kana"}, "address": {"postal_code", "address"}}


def form_schema(procedure: Procedure) -> dict[str, Any]:
    version = form_version_current(procedure.form)
    if version is None:
        raise OcrError(
            "no_form",
            "この手続には公開中のフォームがありません。",
            "This procedure has no published form.",
            field="procedure",
        )
    return dict(version.schema)


def template_create(
    *, name: str, procedure: Procedure, image_name: str, image: bytes, actor: User
) -> FormTemplate:
    """A template from a blank scan (an image or the first page of a PDF)."""
    form_schema(procedure)
    first = next(iter(scans.split(image_name, image)), None)
    if first is None or first.png is None:
        raise OcrError(
            "image",
            "白紙の様式を画像（PNG・JPEG）かPDFで選んでください。",
            "Choose the blank form as an image (PNG, JPEG) or a PDF.",
            field="image",
        )
    gray = imaging.decode(first.png)
    with transaction.atomic():
        template = FormTemplate(
            name=name.strip()[:200] or procedure.title_ja,
            procedure=procedure,
            unit=procedure.owning_unit,
            width=gray.shape[1],
            height=gray.shape[0],
        )
        template.image.save("template.png", ContentFile(first.png), save=False)
        template.save()
        audit_record(
            action="ocr.template_created",
            actor=actor,
            obj=template,
            unit_code=template.unit.code,
            detail={"procedure": procedure.slug},
        )
    return template


def _box_problems(
    template: FormTemplate, schema: dict[str, Any], index: int, box: dict[str, Any]
) -> list[dict[str, Any]]:
    problems: list[dict[str, Any]] = []
    where = f"boxes.{index}"

    def problem(field: str, code: str, ja: str, en: str) -> None:
        problems.append({"field": f"{where}.{field}", "code": code, "message": {"ja": ja, "en": en}})

    number = index + 1
    kind = box.get("kind", "")
    if kind not in BoxKind.values:
        problem(
            "kind",
            "invalid",
            f"{number}番目の枠の種類を選んでください。",
            f"Choose the kind of box {number}.",
        )
    key = str(box.get("key") or "")
    if kind != BoxKind.IGNORE:
        field = field_by_key(schema, key) if key else None
        if field is None:
            problem(
                "key",
                "unknown_question",
                f"{number}番目の枠に対応する設問を選んでください。",
                f"Choose the question box {number} is read into.",
            )
        elif box.get("part") and box["part"] not in NAME_PARTS.get(field["type"], set()):
            problem(
                "part",
                "invalid",
                f"{number}番目の枠の「部分」はこの設問にはありません。",
                f"Box {number}: this question has no such part.",
            )
    try:
        x, y, width, height = (int(box[name]) for name in ("x", "y", "width", "height"))
    except (KeyError, TypeError, ValueError):
        problem(
            "x",
            "invalid",
            f"{number}番目の枠の位置と大きさを数字で入力してください。",
            f"Enter the position and size of box {number} as numbers.",
        )
        return problems
    if width < 10 or height < 10:
        problem(
            "width",
            "too_small",
            f"{number}番目の枠は幅・高さとも10ピクセル以上にしてください。",
            f"Make box {number} at least 10 pixels wide and high.",
        )
    if x < 0 or y < 0 or x + width > template.width or y + height > template.height:
        problem(
            "x",
            "outside",
            f"{number}番目の枠が様式の画像（{template.width}×{template.height}）からはみ出しています。",
            f"Box {number} goes outside the form image ({template.width}×{template.height}).",
        )
    return problems


def template_boxes_save(
    *, template: FormTemplate, boxes: list[dict[str, Any]], actor: User
) -> list[TemplateBox]:
    """Replace the template's boxes. Raises OcrInvalid naming each bad box and the fix."""
    schema = form_schema(template.procedure)
    problems = [p for index, box in enumerate(boxes) for p in _box_problems(template, schema, index, box)]
    if problems:
        raise OcrInvalid(problems)
    with transaction.atomic():
        template.boxes.all().delete()
        saved = [
            TemplateBox.objects.create(
                template=template,
                position=index,
                key="" if box["kind"] == BoxKind.IGNORE else str(box.get("key") or ""),
                part=str(box.get("part") or ""),
                option=str(box.get("option") or "")[:100],
                kind=box["kind"],
                label=str(box.get("label") or "")[:100],
                x=int(box["x"]),
                y=int(box["y"]),
                width=int(box["width"]),
                height=int(box["height"]),
            )
            for index, box in enumerate(boxes)
        ]
        FormTemplate.objects.filter(pk=template.pk).update(updated_at=timezone.now())
        audit_record(
            action="ocr.template_boxes_saved",
            actor=actor,
            obj=template,
            unit_code=template.unit.code,
            detail={"boxes": len(saved)},
        )
    return saved


def unboxed_required_questions(template: FormTemplate) -> list[str]:
    """Keys of required questions no box is read into (pages of this template cannot pass without them)."""
    schema = form_schema(template.procedure)
    boxed = set(template.boxes.values_list("key", flat=True))
    return [f["key"] for f in iter_fields(schema) if f.get("required") and f["key"] not in boxed]


def batch_create(
    *,
    template: FormTemplate,
    files: list[tuple[str, bytes]],
    actor: User | None,
    name: str = "",
    schedule: bool = True,
    make_archive: bool = True,
) -> Batch:
    """Store the uploaded scans as pages and read them in the background (and, with `make_archive`,
    make one searchable PDF of the readable pages for the archive)."""
    if not files:
        raise OcrError(
            "files", "読み取るファイルを選んでください。", "Choose the files to read.", field="files"
        )
    if sum(len(data) for _name, data in files) > MAX_UPLOAD_BYTES:
        raise OcrError(
            "file_size",
            "ファイルが大きすぎます（合計100MBまで）。",
            "The files are too large (100 MB in all).",
            field="files",
        )
    if not template.boxes.exists():
        raise OcrError(
            "no_boxes",
            "先に様式に読み取り枠を設定してください。",
            "Draw the field boxes on the template first.",
            field="template",
        )
    with transaction.atomic():
        batch = Batch.objects.create(
            template=template,
            unit=template.unit,
            name=name.strip()[:200],
            created_by=actor,
            make_archive=make_archive,
        )
        for position, (file_name, data) in enumerate(files):
            source = BatchSource(batch=batch, position=position, name=(file_name or "scan")[:255])
            source.file.save(f"{batch.public_id.hex}-{position}", ContentFile(data), save=False)
            source.save()
        audit_record(
            action="ocr.batch_created",
            actor=actor,
            obj=batch,
            unit_code=batch.unit.code,
            detail={"template": template.pk, "files": len(files)},
        )
        if schedule:
            from .tasks import ocr_batch_run

            enqueue_after_commit(ocr_batch_run, batch.pk)
    return batch


def box_specs(template: FormTemplate) -> list[tuple[TemplateBox, BoxSpec]]:
    return [
        (
            box,
            BoxSpec(
                key=box.key,
                kind=box.kind,
                x=box.x,
                y=box.y,
                width=box.width,
                height=box.height,
                part=box.part,
                option=box.option,
                label=box.label,
            ),
        )
        for box in template.boxes.all()
    ]


def _page_store(
    page: Page, boxes: list[tuple[TemplateBox, BoxSpec]], template_image: imaging.Gray, schema: dict[str, Any]
) -> None:
    try:
        with page.image.open("rb") as stream:
            scan = imaging.decode(stream.read())
        result = page_read(
            scan,
            template_image,
            [spec for _box, spec in boxes],
            schema=schema,
            verifier="tesseract" if tesseract_available() else None,
        )
    except imaging.UnreadablePage as exc:
        page.status, page.reason_ja, page.reason_en = PageStatus.UNREADABLE, exc.reason_ja, exc.reason_en
        page.save(update_fields=["status", "reason_ja", "reason_en"])
        return
    except FileNotFoundError:
        page.status = PageStatus.UNREADABLE
        page.reason_ja, page.reason_en = "画像のファイルが見つかりません。", "The image file is missing."
        page.save(update_fields=["status", "reason_ja", "reason_en"])
        return
    with transaction.atomic():
        page.fields.all().delete()
        doubtful = 0
        for (box, _spec), found in zip(boxes, result.fields, strict=True):
            if found.status == "ignored":
                continue
            doubtful += found.status != FieldStatus.OK
            ExtractedField.objects.create(
                page=page,
                box=box,
                value=found.value,
                text=found.text[:400],
                confidence=found.confidence,
                readings=found.readings,
                status=found.status,
                reasons=found.reasons,
                message_ja=found.message_ja,
                message_en=found.message_en,
            )
        if result.aligned is not None:
            page.aligned.save(
                f"{page.batch.public_id.hex}-{page.number}-aligned.png",
                ContentFile(imaging.encode_png(result.aligned)),
                save=False,
            )
        page.status = PageStatus.REVIEW
        page.registered = result.registered
        page.doubtful = doubtful
        page.seconds = result.seconds
        page.page_errors = [e.as_dict() for e in result.errors]
        if not result.registered:
            page.reason_ja = "白紙の様式と位置を合わせられませんでした。すべての欄を確認してください。"
            page.reason_en = "The page could not be aligned with the blank form; check every field."
        page.save()


def _source_split(batch: Batch, source: BatchSource) -> None:
    """Turn one uploaded file into pages (a file that cannot be opened becomes an unreadable page)."""
    with source.file.open("rb") as stream:
        data = stream.read()
    with transaction.atomic():
        number = batch.pages.count()
        for scanned in scans.split(source.name, data):
            number += 1
            page = Page(batch=batch, number=number, source_name=scanned.source_name[:255])
            if scanned.png is None:
                page.status = PageStatus.UNREADABLE
                page.reason_ja, page.reason_en = scanned.reason_ja, scanned.reason_en
            else:
                page.image.save(f"{batch.public_id.hex}-{number}.png", ContentFile(scanned.png), save=False)
            page.save()
        source.split = True
        source.save(update_fields=["split"])
        batch.total = number
        batch.processed = batch.pages.exclude(status=PageStatus.PENDING).count()
        Batch.objects.filter(pk=batch.pk).update(total=batch.total, processed=batch.processed)


def batch_run(*, batch_id: int, progress: Callable[[Batch], None] | None = None) -> Batch:
    """Read the batch's pages that are still waiting. Safe to run again: read pages are skipped."""
    batch = Batch.objects.select_related("template__procedure").get(pk=batch_id)
    template = batch.template
    Batch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)
    with template.image.open("rb") as stream:
        template_image = imaging.decode(stream.read())
    schema = form_schema(template.procedure)
    boxes = box_specs(template)
    for source in batch.sources.filter(split=False).order_by("position"):
        _source_split(batch, source)
        if progress:
            progress(batch)
    for page in batch.pages.filter(status=PageStatus.PENDING).order_by("number"):
        _page_store(page, boxes, template_image, schema)
        batch.processed = batch.pages.exclude(status=PageStatus.PENDING).count()
        Batch.objects.filter(pk=batch.pk).update(processed=batch.processed)
        if progress:
            progress(batch)
    if batch.make_archive and not batch.archive:
        batch_archive(batch=batch)
    batch.status = BatchStatus.COMPLETED
    batch.finished_at = timezone.now()
    Batch.objects.filter(pk=batch.pk).update(
        status=batch.status, finished_at=batch.finished_at, processed=batch.total
    )
    batch.processed = batch.total
    return batch


@dataclass(frozen=True)
class FieldEdit:
    field_id: int
    text: str


def batch_archive(*, batch: Batch) -> None:
    """One searchable PDF of the batch's readable pages, kept with the batch. A failure is recorded
    on the batch (the pages and their reading are not affected)."""
    from .searchable import ArchiveError, images_pdf, searchable_pdf

    images = []
    for page in batch.pages.exclude(image="").order_by("number"):
        with page.image.open("rb") as stream:
            images.append(stream.read())
    if not images:
        return
    try:
        pdf = searchable_pdf(images_pdf(images))
    except ArchiveError as exc:
        Batch.objects.filter(pk=batch.pk).update(archive_error=str(exc)[:2000])
        return
    batch.archive.save(f"{batch.public_id.hex}.pdf", ContentFile(pdf), save=False)
    Batch.objects.filter(pk=batch.pk).update(archive=batch.archive.name, archive_error="")
