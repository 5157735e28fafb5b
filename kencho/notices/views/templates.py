"""Staff pages for templates and numbering schemes: list, upload, new versions, preview."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kencho.core.models import User
from kencho.core.permissions import staff_required

from .. import access, selectors, services
from ..errors import NoticeError
from ..forms import SchemeForm, TemplateSettingsForm, TemplateUploadForm, VersionUploadForm
from ..models import NoticeTemplate, NumberingScheme
from ..numbering import number_format, numbering_year, year_label
from ..pdf import PdfConversionFailed, PdfUnavailable, docx_to_pdf
from ..placeholders import PLACEHOLDERS, sample_context
from ..templating import TemplateRejected, render_docx
from .responses import DOCX_TYPE, file_response

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _read(upload: UploadedFile) -> tuple[bytes, str]:
    if (upload.size or 0) > MAX_UPLOAD_BYTES:
        raise TemplateRejected(
            "too_large", _("ファイルが大きすぎます（10 MB まで）。画像を圧縮してください。")
        )
    return upload.read(), upload.name or ""


@staff_required
@require_GET
def notices_home(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    return render(
        request,
        "notices/home.html",
        {
            "templates": selectors.templates_for_staff(viewer=user)[:200],
            "batches": selectors.batches_for_staff(viewer=user)[:20],
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def template_upload(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = TemplateUploadForm(
        request.POST or None,
        request.FILES or None,
        units=selectors.units_for_notices(user),
        schemes=selectors.schemes_for_staff(viewer=user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            content, filename = _read(data["file"])
            template = services.notice_template_create(
                unit=data["unit"],
                kind=data["kind"],
                name=data["name"],
                numbering_scheme=data["numbering_scheme"],
                sender=data["sender"],
                content=content,
                filename=filename,
                actor=user,
                request=request,
            )
        except TemplateRejected as exc:
            form.add_error("file", str(exc.message))
        except NoticeError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("様式を登録しました。見本の値で確かめてください。"))
            return redirect("notices:template", template_id=template.pk)
    return render(
        request,
        "notices/template_upload.html",
        {"form": form, "placeholders": PLACEHOLDERS},
        status=422 if form.errors else 200,
    )


@staff_required
@require_GET
def template_detail(request: HttpRequest, template_id: int) -> HttpResponse:
    user = cast(User, request.user)
    template = access.template_for_staff(user=user, template_id=template_id)
    return _detail(request, template, VersionUploadForm(), _settings_form(template))


def _settings_form(template: NoticeTemplate, data: QueryDict | None = None) -> TemplateSettingsForm:
    return TemplateSettingsForm(
        data,
        schemes=NumberingScheme.objects.filter(unit=template.unit, is_active=True),
        initial={
            "numbering_scheme": template.numbering_scheme,
            "sender": template.sender,
            "is_active": template.is_active,
        },
    )


def _detail(
    request: HttpRequest,
    template: NoticeTemplate,
    version_form: VersionUploadForm,
    settings_form: TemplateSettingsForm,
    status: int = 200,
) -> HttpResponse:
    scheme = template.numbering_scheme
    example = ""
    if scheme is not None:
        year = numbering_year(scheme, timezone.localdate())
        example = f"{number_format(scheme, year=year, sequence=123)}（{year_label(scheme, year)}）"
    return render(
        request,
        "notices/template_detail.html",
        {
            "template": template,
            "versions": template.versions.select_related("uploaded_by"),
            "current": selectors.template_version_current(template),
            "version_form": version_form,
            "settings_form": settings_form,
            "number_example": example,
            "placeholders": PLACEHOLDERS,
        },
        status=status,
    )


@staff_required
@require_POST
def template_version_upload(request: HttpRequest, template_id: int) -> HttpResponse:
    user = cast(User, request.user)
    template = access.template_for_staff(user=user, template_id=template_id)
    form = VersionUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            content, filename = _read(form.cleaned_data["file"])
            version = services.notice_template_version_add(
                template=template,
                content=content,
                filename=filename,
                actor=user,
                comment=form.cleaned_data["comment"],
                request=request,
            )
        except TemplateRejected as exc:
            form.add_error("file", str(exc.message))
        else:
            messages.success(request, _("第%(number)s版を登録しました。") % {"number": version.number})
            return redirect("notices:template", template_id=template.pk)
    return _detail(request, template, form, _settings_form(template), status=422)


@staff_required
@require_POST
def template_settings(request: HttpRequest, template_id: int) -> HttpResponse:
    user = cast(User, request.user)
    template = access.template_for_staff(user=user, template_id=template_id)
    form = _settings_form(template, request.POST)
    if form.is_valid():
        try:
            services.notice_template_update(
                template=template,
                numbering_scheme=form.cleaned_data["numbering_scheme"],
                sender=form.cleaned_data["sender"],
                is_active=form.cleaned_data["is_active"],
                actor=user,
                request=request,
            )
        except NoticeError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("様式の設定を保存しました。"))
            return redirect("notices:template", template_id=template.pk)
    return _detail(request, template, VersionUploadForm(), form, status=422)


@staff_required
@require_GET
def template_preview(request: HttpRequest, template_id: int, file_format: str) -> HttpResponse:
    """The current version filled with sample values, to check the layout before issuing."""
    user = cast(User, request.user)
    template = access.template_for_staff(user=user, template_id=template_id)
    version = selectors.template_version_current(template)
    if version is None or file_format not in {"docx", "pdf"}:
        return render(request, "notices/problem.html", {"message": _("見本を作れません。")}, status=404)
    with version.file.open("rb") as handle:
        docx = render_docx(handle.read(), sample_context())
    name = f"preview-{template.pk}-v{version.number}.{file_format}"
    if file_format == "docx":
        return file_response(docx, DOCX_TYPE, name)
    try:
        pdf = docx_to_pdf(docx)
    except (PdfUnavailable, PdfConversionFailed):
        message = _(
            "PDF を作れませんでした。このサーバーに LibreOffice がないか、変換に失敗しました。"
            "Word 形式の見本は作れます。"
        )
        return render(request, "notices/problem.html", {"message": message}, status=503)
    return file_response(pdf, "application/pdf", name)


@staff_required
@require_http_methods(["GET", "POST"])
def scheme_list(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    units = selectors.units_for_schemes(user)
    form = SchemeForm(request.POST or None, units=units) if units.exists() else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.numbering_scheme_save(scheme=form.save(commit=False), actor=user, request=request)
        except NoticeError as exc:
            form.add_error("pattern", str(exc.message))
        else:
            messages.success(request, _("文書番号の体系を登録しました。"))
            return redirect("notices:schemes")
    schemes = []
    for scheme in selectors.schemes_for_staff(viewer=user):
        year = numbering_year(scheme, timezone.localdate())
        schemes.append(
            {
                "scheme": scheme,
                "example": number_format(scheme, year=year, sequence=1),
                "year_label": year_label(scheme, year),
                "cancelled": selectors.cancelled_numbers(scheme=scheme, year=year),
            }
        )
    return render(
        request,
        "notices/schemes.html",
        {"schemes": schemes, "form": form},
        status=422 if form is not None and form.errors else 200,
    )
