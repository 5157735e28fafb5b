"""The staff form builder: list, create, edit a draft field by field, preview, publish, export and
import. Every page needs a logged-in staff member of the form's unit (or a superuser)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kencho.core.i18n import current_language
from kencho.core.models import User
from kencho.core.permissions import staff_required

from . import builder
from .access import builder_check, form_definition_for, form_version_for, staff_units
from .definition import FIELD_TYPES, DefinitionError, field_by_key, iter_fields, page_keys
from .models import FormVersion
from .rendering import page_context, parse_post
from .selectors import form_definitions_for_staff, form_version_current, form_version_draft
from .services import (
    FormVersionPublished,
    form_definition_create,
    form_definition_export,
    form_definition_import,
    form_version_create_draft,
    form_version_publish,
    form_version_update_draft,
)
from .validation import validate_answers

_MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - staff_required has run
    return user


_language = current_language


@staff_required
@require_GET
def definition_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    builder_check(user)
    definitions = [
        {"definition": d, "current": form_version_current(d), "draft": form_version_draft(d)}
        for d in form_definitions_for_staff(viewer=user)
    ]
    return render(request, "forms/builder/list.html", {"definitions": definitions})


@staff_required
@require_http_methods(["GET", "POST"])
def definition_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    builder_check(user)
    units = staff_units(user)
    problems: list[str] = []
    values = {"slug": "", "title_ja": "", "title_en": "", "unit": ""}
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in values}
        unit = next((u for u in units if str(u.pk) == values["unit"]), None)
        try:
            validate_slug(values["slug"])
        except ValidationError:
            problems.append(_("識別名は半角英小文字・数字・ハイフンで入力してください。"))
        if not values["title_ja"]:
            problems.append(_("名称を入力してください。"))
        if unit is None:
            problems.append(_("担当所属を選んでください。"))
        if not problems:
            try:
                definition = form_definition_create(
                    slug=values["slug"],
                    title_ja=values["title_ja"],
                    title_en=values["title_en"],
                    owner_unit=unit,
                    schema=builder.starter_definition(
                        title_ja=values["title_ja"], title_en=values["title_en"]
                    ),
                    actor=user,
                )
            except IntegrityError:
                problems.append(_("この識別名は既に使われています。別の識別名にしてください。"))
            else:
                return redirect("forms:definition_detail", slug=definition.slug)
    return render(
        request,
        "forms/builder/create.html",
        {"units": units, "values": values, "problems": problems},
        status=422 if problems else 200,
    )


@staff_required
@require_GET
def definition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    definition = form_definition_for(user=_user(request), slug=slug)
    return render(
        request,
        "forms/builder/detail.html",
        {
            "definition": definition,
            "versions": definition.versions.order_by("-number"),
            "current": form_version_current(definition),
            "draft": form_version_draft(definition),
        },
    )


@staff_required
@require_POST
def draft_create(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    definition = form_definition_for(user=user, slug=slug)
    draft = form_version_draft(definition)
    if draft is None:
        source = form_version_current(definition)
        schema = (
            source.schema
            if source
            else builder.starter_definition(title_ja=definition.title_ja, title_en=definition.title_en)
        )
        draft = form_version_create_draft(definition=definition, schema=schema, actor=user)
    return redirect("forms:version_edit", slug=slug, number=draft.number)


def _editable(request: HttpRequest, slug: str, number: int) -> FormVersion:
    version = form_version_for(user=_user(request), slug=slug, number=number)
    if version.is_published:
        raise PermissionDenied
    return version


def _edit_page(
    request: HttpRequest, version: FormVersion, problems: list[str], status: int = 200
) -> HttpResponse:
    schema = version.schema
    pages = [
        {"key": page["key"], "title": page["title"], "fields": page["fields"]} for page in schema["pages"]
    ]
    return render(
        request,
        "forms/builder/edit.html",
        {
            "definition": version.definition,
            "version": version,
            "pages": pages,
            "field_types": FIELD_TYPES,
            "problems": problems,
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def version_edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    user = _user(request)
    version = form_version_for(user=user, slug=slug, number=number)
    if request.method == "GET":
        return _edit_page(request, version, [])
    if version.is_published:
        raise PermissionDenied
    post = request.POST
    action = post.get("action", "")
    try:
        if action == "add_field":
            schema = builder.field_add(
                version.schema,
                page_key=post.get("page", ""),
                type_=post.get("type", ""),
                key=post.get("key", "").strip(),
                label_ja=post.get("label_ja", ""),
                label_en=post.get("label_en", ""),
            )
        elif action == "add_page":
            schema = builder.page_add(
                version.schema,
                key=post.get("key", "").strip(),
                title_ja=post.get("title_ja", ""),
                title_en=post.get("title_en", ""),
            )
        elif action == "update_page":
            schema = builder.page_update(
                version.schema,
                key=post.get("page", ""),
                title_ja=post.get("title_ja", ""),
                title_en=post.get("title_en", ""),
            )
        elif action in {"page_up", "page_down"}:
            schema = builder.page_move(
                version.schema, key=post.get("page", ""), direction=action.removeprefix("page_")
            )
        elif action == "delete_page":
            schema = builder.page_delete(version.schema, key=post.get("page", ""))
        elif action in {"up", "down"}:
            schema = builder.field_move(version.schema, key=post.get("field", ""), direction=action)
        elif action == "delete":
            schema = builder.field_delete(version.schema, key=post.get("field", ""))
        else:
            return _edit_page(request, version, [_("操作を選んでください。")], status=422)
        form_version_update_draft(version=version, schema=schema, actor=user)
    except DefinitionError as exc:
        return _edit_page(request, version, exc.problems, status=422)
    except FormVersionPublished:
        raise PermissionDenied from None
    return redirect("forms:version_edit", slug=slug, number=number)


@staff_required
@require_http_methods(["GET", "POST"])
def field_edit(request: HttpRequest, slug: str, number: int, key: str) -> HttpResponse:
    user = _user(request)
    version = _editable(request, slug, number)
    field = field_by_key(version.schema, key)
    if field is None:
        return redirect("forms:version_edit", slug=slug, number=number)
    problems: list[str] = []
    if request.method == "POST":
        post = request.POST
        try:
            schema = builder.field_update(
                version.schema,
                key=key,
                label_ja=post.get("label_ja", ""),
                label_en=post.get("label_en", ""),
                hint_ja=post.get("hint_ja", ""),
                hint_en=post.get("hint_en", ""),
                required=post.get("required") == "on",
                options=post.get("options") if "options" in post else None,
                settings=post.get("settings", ""),
                condition_field=post.get("condition_field", ""),
                condition_operator=post.get("condition_operator", ""),
                condition_value=post.get("condition_value", ""),
            )
            form_version_update_draft(version=version, schema=schema, actor=user)
        except DefinitionError as exc:
            problems = exc.problems
        else:
            messages.success(request, _("項目を保存しました。"))
            return redirect("forms:version_edit", slug=slug, number=number)
    earlier = []
    for candidate in iter_fields(version.schema):
        if candidate["key"] == key:
            break
        earlier.append(candidate)
    condition = field.get("visible_when", {})
    condition_value = condition.get("equals", ",".join(map(str, condition.get("in", []))))
    return render(
        request,
        "forms/builder/field.html",
        {
            "definition": version.definition,
            "version": version,
            "field": field,
            "settings": builder.field_settings(field),
            "options": builder.options_text(field),
            "has_options": field["type"] in {"select", "radio", "checkboxes"},
            "earlier_fields": earlier,
            "condition": condition,
            "condition_operator": "not_empty"
            if "not_empty" in condition
            else ("in" if "in" in condition else "equals"),
            "condition_value": "true" if condition_value is True else condition_value,
            "problems": problems,
        },
        status=422 if problems else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def version_preview(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = form_version_for(user=_user(request), slug=slug, number=number)
    schema = version.schema
    keys = page_keys(schema)
    page_key = request.GET.get("page", keys[0])
    if page_key not in keys:
        page_key = keys[0]
    answers: dict[str, Any] = {}
    errors = []
    if request.method == "POST":
        answers = parse_post(schema, page_key, request.POST)
        result = validate_answers(schema, answers, pages=[page_key], strict=False)
        errors = result.errors
    form = page_context(schema, page_key, answers, errors, _language())
    return render(
        request,
        "forms/builder/preview.html",
        {
            "definition": version.definition,
            "version": version,
            "form": form,
            "page_keys": keys,
            "checked": request.method == "POST",
        },
    )


@staff_required
@require_POST
def version_publish(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    user = _user(request)
    version = form_version_for(user=user, slug=slug, number=number)
    try:
        form_version_publish(version=version, actor=user)
    except FormVersionPublished:
        messages.error(request, _("この版は公開済みです。"))
    except DefinitionError as exc:
        return _edit_page(request, version, exc.problems, status=422)
    else:
        messages.success(request, _("公開しました。"))
    return redirect("forms:definition_detail", slug=slug)


@staff_required
@require_GET
def definition_export(request: HttpRequest, slug: str) -> HttpResponse:
    definition = form_definition_for(user=_user(request), slug=slug)
    response = JsonResponse(
        form_definition_export(definition), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="{definition.slug}.json"'
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def definition_import(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    builder_check(user)
    units = staff_units(user)
    problems: list[str] = []
    if request.method == "POST":
        unit = next((u for u in units if str(u.pk) == request.POST.get("unit", "")), None)
        upload = request.FILES.get("file")
        if unit is None:
            problems.append(_("担当所属を選んでください。"))
        if upload is None or upload.size is None or upload.size > _MAX_IMPORT_BYTES:
            problems.append(_("2MB以下のJSONファイルを選んでください。"))
        if not problems and upload is not None:
            try:
                data = json.loads(upload.read().decode("utf-8-sig"))
                definition = form_definition_import(
                    data=data, owner_unit=unit, actor=user, slug=request.POST.get("slug", "").strip()
                )
            except (UnicodeDecodeError, json.JSONDecodeError):
                problems.append(_("JSONとして読み込めません。書き出したファイルをそのまま選んでください。"))
            except DefinitionError as exc:
                problems = exc.problems
            else:
                messages.success(request, _("取り込みました。下書きを確認してから公開してください。"))
                return redirect("forms:definition_detail", slug=definition.slug)
    return render(
        request,
        "forms/builder/import.html",
        {"units": units, "problems": problems},
        status=422 if problems else 200,
    )
