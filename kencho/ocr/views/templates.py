"""Staff pages for paper-form templates: list, create, and the box editor (drawing with the mouse,
or typing the coordinates — the same form either way)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kencho.core.i18n import current_language
from kencho.core.models import User
from kencho.core.permissions import staff_required
from kencho.forms.definition import iter_fields, localized

from .. import access, selectors
from ..errors import OcrError, OcrInvalid
from ..forms import BatchUploadForm, BoxFormSet, TemplateCreateForm
from ..models import FormTemplate
from ..services import form_schema, template_boxes_save, template_create, unboxed_required_questions


@staff_required
@require_http_methods(["GET", "POST"])
def ocr_home(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = TemplateCreateForm(
        request.POST or None, request.FILES or None, procedures=selectors.procedures_for_staff(user=user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            template = template_create(
                name=form.cleaned_data["name"],
                procedure=form.cleaned_data["procedure"],
                image_name=form.cleaned_data["image"].name,
                image=form.cleaned_data["image"].read(),
                actor=user,
            )
        except OcrError as exc:
            form.add_error("image" if exc.field == "image" else None, exc.message(current_language()))
        else:
            messages.success(request, _("様式を登録しました。読み取る枠を設定してください。"))
            return redirect("ocr:template", template_id=template.pk)
    return render(
        request,
        "ocr/home.html",
        {
            "form": form,
            "templates": selectors.templates_for_staff(user=user),
            "batches": selectors.batches_for_staff(user=user)[:20],
        },
        status=422 if form.errors else 200,
    )


def _questions(template: FormTemplate) -> list[tuple[str, str]]:
    try:
        schema = form_schema(template.procedure)
    except OcrError:
        return []
    language = current_language()
    return [
        (f["key"], f"{localized(f['label'], language)}（{f['key']}）")
        for f in iter_fields(schema)
        if f["type"] not in {"file", "group"}
    ]


@staff_required
@require_http_methods(["GET", "POST"])
def template_detail(request: HttpRequest, template_id: int) -> HttpResponse:
    user = cast(User, request.user)
    template = access.template_for_staff(user=user, template_id=template_id)
    questions = _questions(template)
    initial = [
        {
            "key": b.key,
            "part": b.part,
            "option": b.option,
            "kind": b.kind,
            "label": b.label,
            "x": b.x,
            "y": b.y,
            "width": b.width,
            "height": b.height,
        }
        for b in template.boxes.all()
    ]
    formset = BoxFormSet(request.POST or None, initial=initial, questions=questions, prefix="boxes")
    problems: list[dict[str, Any]] = []
    if request.method == "POST" and formset.is_valid():
        try:
            template_boxes_save(template=template, boxes=formset.boxes(), actor=user)
        except OcrInvalid as exc:
            problems = exc.errors
        else:
            messages.success(request, _("読み取り枠を保存しました。"))
            return redirect("ocr:template", template_id=template.pk)
    language = "en" if current_language().startswith("en") else "ja"
    return render(
        request,
        "ocr/template_detail.html",
        {
            "template": template,
            "formset": formset,
            "problems": [p["message"][language] for p in problems],
            "boxes": list(template.boxes.all()),
            "unboxed": unboxed_required_questions(template) if not problems else [],
            "upload_form": BatchUploadForm(),
            "batches": template.batches.all()[:20],
        },
        status=422 if (problems or formset.errors) else 200,
    )


@staff_required
@require_GET
def template_image(request: HttpRequest, template_id: int) -> HttpResponse:
    template = access.template_for_staff(user=cast(User, request.user), template_id=template_id)
    with template.image.open("rb") as stream:
        return HttpResponse(stream.read(), content_type="image/png")
