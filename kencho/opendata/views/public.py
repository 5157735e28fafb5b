"""Public pages of the catalogue: search, dataset, resource with preview, and downloads."""

from __future__ import annotations

from uuid import UUID

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from ..access import dataset_for_reader, resource_for_reader
from ..errors import NotFound
from ..services import resource_download_record


def catalogue(request: HttpRequest) -> HttpResponse:
    return render(request, "opendata/catalogue.html", {})


def dataset(request: HttpRequest, name: str) -> HttpResponse:
    try:
        found = dataset_for_reader(request.user, name)
    except NotFound as error:
        raise Http404(error.message_en) from error
    return render(request, "opendata/dataset.html", {"dataset": found})


def resource(request: HttpRequest, dataset_id: UUID, resource_id: UUID) -> HttpResponse:
    try:
        found = resource_for_reader(request.user, str(resource_id))
    except NotFound as error:
        raise Http404(error.message_en) from error
    if found.dataset_id != dataset_id:
        raise Http404("resource of another dataset")
    return render(request, "opendata/resource.html", {"resource": found, "dataset": found.dataset})


def resource_download(
    request: HttpRequest, dataset_id: UUID, resource_id: UUID, filename: str
) -> HttpResponse:
    """Count the download, then hand over the file (or send the client to the external URL)."""
    try:
        found = resource_for_reader(request.user, str(resource_id))
    except NotFound as error:
        raise Http404(error.message_en) from error
    if found.dataset_id != dataset_id:
        raise Http404("resource of another dataset")
    resource_download_record(found)
    if not found.file:
        return HttpResponseRedirect(found.url)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.filename)
