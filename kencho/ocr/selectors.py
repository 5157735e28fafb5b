"""Reads for the OCR pages and API."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from kencho.core.access import staff_unit_ids
from kencho.core.models import User
from kencho.procedures.models import Procedure

from .models import Batch, ExtractedField, FieldStatus, FormTemplate, Page, PageStatus


def templates_for_staff(*, user: User) -> QuerySet[FormTemplate]:
    units = staff_unit_ids(user)
    qs = FormTemplate.objects.select_related("procedure", "unit")
    return qs if units is None else qs.filter(unit_id__in=units)


def procedures_for_staff(*, user: User) -> QuerySet[Procedure]:
    units = staff_unit_ids(user)
    qs = Procedure.objects.order_by("title_ja")
    return qs if units is None else qs.filter(owning_unit_id__in=units)


def batches_for_staff(*, user: User) -> QuerySet[Batch]:
    units = staff_unit_ids(user)
    qs = Batch.objects.select_related("template")
    return qs if units is None else qs.filter(unit_id__in=units)


def fields_for_review(*, page: Page) -> QuerySet[ExtractedField]:
    """Invalid fields first, then doubtful ones (least confident first), then the rest in form order."""
    rank = Case(
        When(status=FieldStatus.INVALID, then=Value(0)),
        When(status=FieldStatus.DOUBTFUL, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        page.fields.select_related("box").annotate(rank=rank).order_by("rank", "confidence", "box__position")
    )


def next_page_for_review(*, batch: Batch) -> Page | None:
    return batch.pages.filter(status=PageStatus.REVIEW).order_by("number").first()
