"""Staff pages of the catalogue: the datasets of one's organisations, their files and check reports,
publishing, and the history of changes. Every dataset and resource is fetched through access.py."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kencho.core.i18n import current_language
from kencho.core.models import User
from kencho.core.permissions import staff_required

from .. import access, files, services
from ..errors import CatalogError, InvalidInput, NotFound
from ..forms import DatasetForm, ResourceForm, message_text, resource_initial
from ..history import revision_changes, revision_rows
from ..licenses import LICENSES, license_get
from ..models import Dataset, Resource, ResourceState
from ..selectors import datasets_for_editor
from ..standards import STANDARD_DATASETS

# Room for the form's other fields around the file in a multipart body.
FORM_OVERHEAD_BYTES = 1024 * 1024
STATE_FILTERS = ("draft", "active", "private")


def _user(request: HttpRequest) -> User:
    """The staff member; every view here is behind staff_required."""
    return cast(User, request.user)


def _refusal(error: CatalogError) -> Exception:
    if isinstance(error, NotFound):
        return Http404(error.message_en)
    return PermissionDenied(error.message(current_language()))


def _dataset(request: HttpRequest, dataset_id: UUID) -> Dataset:
    try:
        return access.dataset_for_editor(request.user, str(dataset_id))
    except CatalogError as error:
        raise _refusal(error) from error


def _resource(request: HttpRequest, dataset: Dataset, resource_id: UUID) -> Resource:
    try:
        resource = access.resource_for_editor(request.user, str(resource_id))
    except CatalogError as error:
        raise _refusal(error) from error
    if resource.dataset_id != dataset.pk:
        raise Http404("resource of another dataset")
    return resource


# --- the list


@staff_required
@require_GET
def dataset_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    state = request.GET.get("state", "")
    state = state if state in STATE_FILTERS else ""
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(datasets_for_editor(user, state=state, query=query), 50).get_page(
        request.GET.get("page")
    )
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "opendata/staff/dataset_list.html",
        {
            "page": page,
            "state": state,
            "query": query,
            "query_string": filters.urlencode(),
            "can_create": access.editable_organizations(user).exists(),
        },
    )


# --- a dataset


def _dataset_form_page(request: HttpRequest, form: DatasetForm, dataset: Dataset | None) -> HttpResponse:
    publisher = dataset.organization.title if dataset else _("（公開組織）")
    title = dataset.title if dataset else _("（データセットのタイトル）")
    return render(
        request,
        "opendata/staff/dataset_form.html",
        {
            "form": form,
            "dataset": dataset,
            "licences": [
                (licence, licence.attribution(publisher=publisher, title=title)) for licence in LICENSES
            ],
        },
        status=422 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def dataset_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    organizations = access.editable_organizations(user)
    if not organizations.exists():
        raise PermissionDenied(_("データセットを公開できる組織に所属していません。"))
    form = DatasetForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            access.organization_for_editor(user, form.cleaned_data["owner_org"])
            dataset = services.dataset_create(actor=user, data={**form.ckan_data(), "state": "draft"})
        except InvalidInput as error:
            form.add_invalid_input(error)
        except CatalogError as error:
            form.add_error("owner_org", error.message(current_language()))
        else:
            messages.success(request, _("下書きとして保存しました。ファイルを追加してから公開してください。"))
            return redirect("opendata_staff:dataset", dataset_id=dataset.pk)
    return _dataset_form_page(request, form, None)


@staff_required
@require_http_methods(["GET", "POST"])
def dataset_edit(request: HttpRequest, dataset_id: UUID) -> HttpResponse:
    user = _user(request)
    dataset = _dataset(request, dataset_id)
    form = DatasetForm(
        request.POST or None, organizations=access.editable_organizations(user), dataset=dataset
    )
    if request.method == "POST" and form.is_valid():
        try:
            access.organization_for_editor(user, form.cleaned_data["owner_org"])
            services.dataset_update(actor=user, dataset=dataset, data=form.ckan_data(), partial=True)
        except InvalidInput as error:
            form.add_invalid_input(error)
        except CatalogError as error:
            form.add_error("owner_org", error.message(current_language()))
        else:
            messages.success(request, _("データセットを保存しました。"))
            return redirect("opendata_staff:dataset", dataset_id=dataset.pk)
    return _dataset_form_page(request, form, dataset)


def _dataset_page(
    request: HttpRequest, dataset: Dataset, *, problems: list[str] | None = None, status: int = 200
) -> HttpResponse:
    resources = list(dataset.resources.filter(state=ResourceState.ACTIVE))
    licence = license_get(dataset.license_id)
    return render(
        request,
        "opendata/staff/dataset_detail.html",
        {
            "dataset": dataset,
            "resources": resources,
            "failing": [r for r in resources if r.has_validation_errors],
            "licence": licence,
            "attribution": licence.attribution(publisher=dataset.organization.title, title=dataset.title)
            if licence
            else "",
            "tags": dataset.tags.order_by("name"),
            "groups": dataset.groups.all(),
            "problems": problems or [],
        },
        status=status,
    )


@staff_required
@require_GET
def dataset_detail(request: HttpRequest, dataset_id: UUID) -> HttpResponse:
    return _dataset_page(request, _dataset(request, dataset_id))


@staff_required
@require_POST
def dataset_publish(request: HttpRequest, dataset_id: UUID) -> HttpResponse:
    """「公開する」 and 「非公開に戻す」 (back to a draft)."""
    dataset = _dataset(request, dataset_id)
    action = request.POST.get("action")
    if action not in {"publish", "unpublish"}:
        messages.error(request, _("操作を選んでください。"))
        return redirect("opendata_staff:dataset", dataset_id=dataset.pk)
    publish = action == "publish"
    try:
        dataset = services.dataset_publish(actor=_user(request), dataset=dataset, publish=publish)
    except InvalidInput as error:
        problems = [message_text(m) for key_messages in error.errors.values() for m in key_messages]
        return _dataset_page(request, dataset, problems=problems, status=422)
    if publish:
        messages.success(request, _("データセットを公開しました。"))
    else:
        messages.success(request, _("データセットを下書きに戻しました。利用者からは見えなくなりました。"))
    return redirect("opendata_staff:dataset", dataset_id=dataset.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def dataset_delete(request: HttpRequest, dataset_id: UUID) -> HttpResponse:
    dataset = _dataset(request, dataset_id)
    if request.method == "POST":
        services.dataset_delete(actor=_user(request), dataset=dataset)
        messages.success(request, _("データセット「%(title)s」を削除しました。") % {"title": dataset.title})
        return redirect("opendata_staff:dataset_list")
    return render(request, "opendata/staff/dataset_delete.html", {"dataset": dataset})


# --- a resource


class UploadLimit(FileUploadHandler):
    """Stops reading a file at the catalogue's size limit, so an oversized upload is never stored,
    also when the request does not say its length up front."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _resource_form_page(
    request: HttpRequest, form: ResourceForm, dataset: Dataset, resource: Resource | None, status: int
) -> HttpResponse:
    return render(
        request,
        "opendata/staff/resource_form.html",
        {
            "form": form,
            "dataset": dataset,
            "resource": resource,
            "max_bytes": files.max_upload_bytes(),
            "too_large_text": message_text(files.too_large_message()),
        },
        status=status,
    )


def _too_large(form: ResourceForm) -> None:
    form.is_valid()
    form.add_error("upload", message_text(files.too_large_message()))


@csrf_exempt  # checked in _resource_post, once the upload limit is in place
@staff_required
@require_http_methods(["GET", "POST"])
def resource_create(request: HttpRequest, dataset_id: UUID) -> HttpResponse:
    return _resource_form(request, _dataset(request, dataset_id), None)


@csrf_exempt  # checked in _resource_post, once the upload limit is in place
@staff_required
@require_http_methods(["GET", "POST"])
def resource_edit(request: HttpRequest, dataset_id: UUID, resource_id: UUID) -> HttpResponse:
    dataset = _dataset(request, dataset_id)
    return _resource_form(request, dataset, _resource(request, dataset, resource_id))


def _resource_form(request: HttpRequest, dataset: Dataset, resource: Resource | None) -> HttpResponse:
    """The upload form. A body longer than the limit is refused before it is read (413); the form
    comes back with the message, the other fields as they were stored."""
    if request.method != "POST":
        return _resource_form_page(request, ResourceForm(resource=resource), dataset, resource, 200)
    limit = files.max_upload_bytes()
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit + FORM_OVERHEAD_BYTES:
        form = ResourceForm(resource_initial(resource) if resource else {}, resource=resource)
        _too_large(form)
        return _resource_form_page(request, form, dataset, resource, 413)
    handler = UploadLimit(request, limit)
    request.upload_handlers.insert(0, handler)
    return _resource_post(request, dataset, resource, handler)


@csrf_protect
def _resource_post(
    request: HttpRequest, dataset: Dataset, resource: Resource | None, handler: UploadLimit
) -> HttpResponse:
    form = ResourceForm(request.POST, request.FILES, resource=resource)
    if handler.exceeded:
        _too_large(form)
        return _resource_form_page(request, form, dataset, resource, 413)
    if form.is_valid():
        try:
            saved = services.resource_save(
                actor=_user(request),
                dataset=dataset,
                data=form.ckan_data(),
                upload=form.cleaned_data.get("upload"),
                resource=resource,
                partial=resource is not None,
            )
        except InvalidInput as error:
            form.add_invalid_input(error)
            too_large = files.too_large_message() in error.errors.get("upload", [])
            return _resource_form_page(request, form, dataset, resource, 413 if too_large else 422)
        messages.success(request, _("リソースを保存しました。"))
        return redirect("opendata_staff:resource", dataset_id=dataset.pk, resource_id=saved.pk)
    return _resource_form_page(request, form, dataset, resource, 422)


@staff_required
@require_GET
def resource_detail(request: HttpRequest, dataset_id: UUID, resource_id: UUID) -> HttpResponse:
    dataset = _dataset(request, dataset_id)
    resource = _resource(request, dataset, resource_id)
    standard = STANDARD_DATASETS.get(resource.standard_dataset)
    return render(
        request,
        "opendata/staff/resource_detail.html",
        {
            "dataset": dataset,
            "resource": resource,
            "standard": standard,
            "report": _report(resource.validation_report),
        },
    )


_ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": gettext_lazy("UTF-8（BOM付き）"), "cp932": "Shift_JIS (CP932)"}
_GENERATIONS = {
    "current": gettext_lazy("現行の自治体標準オープンデータセットの列名"),
    "legacy": gettext_lazy("以前の推奨データセットの列名"),
    "mixed": gettext_lazy("現行と以前の列名が混在"),
    "unknown": gettext_lazy("判定できません"),
}


def _report(report: dict[str, Any] | None) -> dict[str, Any] | None:
    """The validator's report (standards.report.ValidationReport.as_dict()) with each problem's
    text, which names the fix, in the page's language."""
    if not report:
        return None

    def items(key: str) -> list[dict[str, Any]]:
        shown = []
        for item in report.get(key) or []:
            message = item.get("message") or {}
            text = message_text((message.get("ja", ""), message.get("en") or message.get("ja", "")))
            shown.append({**item, "text": text})
        return shown

    encoding = report.get("encoding") or ""
    generation = report.get("header_generation") or "unknown"
    return {
        **report,
        "errors": items("errors"),
        "warnings": items("warnings"),
        "encoding_text": _ENCODINGS.get(encoding, encoding),
        "generation_text": _GENERATIONS.get(generation, generation),
    }


@staff_required
@require_http_methods(["GET", "POST"])
def resource_delete(request: HttpRequest, dataset_id: UUID, resource_id: UUID) -> HttpResponse:
    dataset = _dataset(request, dataset_id)
    resource = _resource(request, dataset, resource_id)
    if request.method == "POST":
        services.resource_delete(actor=_user(request), resource=resource)
        messages.success(request, _("リソース「%(name)s」を削除しました。") % {"name": resource})
        return redirect("opendata_staff:dataset", dataset_id=dataset.pk)
    return render(request, "opendata/staff/resource_delete.html", {"dataset": dataset, "resource": resource})


# --- history


@staff_required
@require_GET
def dataset_history(request: HttpRequest, dataset_id: UUID) -> HttpResponse:
    dataset = _dataset(request, dataset_id)
    revisions = list(dataset.revisions.select_related("actor"))
    return render(
        request,
        "opendata/staff/history.html",
        {"dataset": dataset, "rows": revision_rows(revisions)},
    )


@staff_required
@require_GET
def dataset_compare(request: HttpRequest, dataset_id: UUID) -> HttpResponse:
    """The fields that differ between two revisions (?from=2&to=5), the older one first."""
    dataset = _dataset(request, dataset_id)
    numbers = []
    for key in ("from", "to"):
        try:
            numbers.append(int(request.GET.get(key, "")))
        except ValueError:
            numbers.append(0)
    revisions = {r.number: r for r in dataset.revisions.filter(number__in=numbers).select_related("actor")}
    old, new = revisions.get(min(numbers)), revisions.get(max(numbers))
    if old is None or new is None or old == new:
        messages.error(request, _("比べる版を2つ選んでください。"))
        return redirect("opendata_staff:dataset_history", dataset_id=dataset.pk)
    return render(
        request,
        "opendata/staff/compare.html",
        {"dataset": dataset, "old": old, "new": new, "changes": revision_changes(old.snapshot, new.snapshot)},
    )
