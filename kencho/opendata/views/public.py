"""Public pages of the catalogue: search, organisation and group pages, a dataset, a resource with
its preview (table, chart or map), the map's GeoJSON, and downloads.

Each view fetches through access.py or selectors.py and renders; reading the search form is in
search_page.py and building previews in previews.py.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control

from ..access import dataset_for_reader, resource_for_reader
from ..errors import NotFound
from ..licenses import license_get, open_data_stars, open_data_stars_reason
from ..models import Dataset, DatasetState, Resource, ResourceState
from ..selectors import FACET_FIELDS, groups_with_counts, organizations_with_counts
from ..services import resource_download_record
from .previews import TABLE_FORMATS, map_preview, table_preview
from .search_page import search_page

DCAT_FORMATS = (
    ("jsonld", "application/ld+json", "JSON-LD"),
    ("ttl", "text/turtle", "Turtle"),
    ("rdf", "application/rdf+xml", "RDF/XML"),
)


def catalogue(request: HttpRequest) -> HttpResponse:
    return search_page(request, "opendata/catalogue.html")


def organization_list(request: HttpRequest) -> HttpResponse:
    organizations = organizations_with_counts().order_by("name")
    return render(request, "opendata/organization_list.html", {"organizations": organizations})


def organization(request: HttpRequest, name: str) -> HttpResponse:
    found = organizations_with_counts().filter(name=name).first()
    if found is None:
        raise Http404("organisation not found")
    fields = tuple(f for f in FACET_FIELDS if f != "organization")
    scope = f'organization:"{found.name}"'
    return search_page(
        request, "opendata/organization.html", scope=scope, facet_fields=fields, extra={"organization": found}
    )


def group_list(request: HttpRequest) -> HttpResponse:
    return render(request, "opendata/group_list.html", {"groups": groups_with_counts().order_by("name")})


def group(request: HttpRequest, name: str) -> HttpResponse:
    found = groups_with_counts().filter(name=name).first()
    if found is None:
        raise Http404("group not found")
    return search_page(request, "opendata/group.html", scope=f'groups:"{found.name}"', extra={"group": found})


# --- A dataset ------------------------------------------------------------------------------------


def _download_url(resource: Resource) -> str:
    return reverse(
        "opendata:resource_download",
        kwargs={
            "dataset_id": resource.dataset_id,
            "resource_id": resource.id,
            "filename": resource.filename or "download",
        },
    )


def _dcat_url(name: str, fmt: str) -> str:
    try:
        return reverse("opendata_feeds:dataset", kwargs={"name": name, "fmt": fmt})
    except NoReverseMatch:  # the feeds are not wired into this site's URLs
        return f"{reverse('opendata:catalogue')}{name}.{fmt}"


def _licence_context(found: Dataset, formats: list[str]) -> dict[str, Any]:
    licence = license_get(found.license_id)
    stars = open_data_stars(license_id=found.license_id, formats=formats)
    attribution = (
        licence.attribution(publisher=found.organization.title, title=found.display_title) if licence else ""
    )
    return {
        "licence": licence,
        "attribution": attribution,
        "stars": stars,
        "stars_reason": open_data_stars_reason(stars),
        "star_marks": "★" * stars + "☆" * (5 - stars),
    }


def dataset(request: HttpRequest, name: str) -> HttpResponse:
    try:
        found = dataset_for_reader(request.user, name)
    except NotFound as error:
        raise Http404(error.message_en) from error
    resources = list(found.resources.filter(state=ResourceState.ACTIVE))
    context = {
        "dataset": found,
        "organization": found.organization,
        "resources": [(resource, _download_url(resource)) for resource in resources],
        "tags": found.tags.order_by("name"),
        "groups": found.groups.order_by("name"),
        "is_draft": found.state == DatasetState.DRAFT,
        "alternates": [(_dcat_url(found.name, fmt), media, label) for fmt, media, label in DCAT_FORMATS],
        **_licence_context(found, [resource.format for resource in resources]),
    }
    return render(request, "opendata/dataset.html", context)


# --- A resource and its preview -------------------------------------------------------------------


def _resource_or_404(request: HttpRequest, dataset_id: UUID, resource_id: UUID) -> Resource:
    try:
        found = resource_for_reader(request.user, str(resource_id))
    except NotFound as error:
        raise Http404(error.message_en) from error
    if found.dataset_id != dataset_id:
        raise Http404("resource of another dataset")
    return found


def resource(request: HttpRequest, dataset_id: UUID, resource_id: UUID) -> HttpResponse:
    found = _resource_or_404(request, dataset_id, resource_id)
    parent = found.dataset
    context: dict[str, Any] = {
        "resource": found,
        "dataset": parent,
        "download_url": _download_url(found),
        "is_draft": parent.state == DatasetState.DRAFT,
        **_licence_context(parent, [found.format]),
    }
    if found.preview_geojson:
        context |= map_preview(found)
    elif found.file and found.format.upper() in TABLE_FORMATS:
        context |= table_preview(request.GET, found)
    return render(request, "opendata/resource.html", context)


def resource_geojson(request: HttpRequest, dataset_id: UUID, resource_id: UUID) -> HttpResponseBase:
    """The WGS84 GeoJSON made at upload for the map, after the same access check as the page."""
    found = _resource_or_404(request, dataset_id, resource_id)
    if not found.preview_geojson:
        raise Http404("no map preview")
    response = FileResponse(found.preview_geojson.open("rb"), content_type="application/geo+json")
    if not found.dataset.is_public:
        patch_cache_control(response, private=True, no_store=True)
    return response


def resource_download(
    request: HttpRequest, dataset_id: UUID, resource_id: UUID, filename: str
) -> HttpResponseBase:
    """Count the download, then hand over the file (or send the client to the external URL)."""
    found = _resource_or_404(request, dataset_id, resource_id)
    resource_download_record(found)
    if not found.file:
        return HttpResponseRedirect(found.url)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.filename)
