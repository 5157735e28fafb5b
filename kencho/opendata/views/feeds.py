"""DCAT feeds of the catalogue for harvesters: the whole catalogue paged, and one dataset.

    /catalog.jsonld  /catalog.ttl  /catalog.rdf   ?page=N&modified_since=2025-04-01T00:00:00Z
    /dataset/<name>.jsonld  .ttl  .rdf

Paths and paging follow ckanext-dcat, so the national catalogue's DCAT harvester reads them as it
reads any CKAN site.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from ..access import dataset_for_reader
from ..dcat import CatalogInfo, catalog_graph, dataset_graph, serialize
from ..dicts import package_dict
from ..errors import NotFound
from ..models import Dataset, DatasetState

PAGE_SIZE = 100
FORMATS = ("jsonld", "ttl", "rdf")


def _catalog_info() -> CatalogInfo:
    return CatalogInfo(
        title_ja=getattr(settings, "KENCHO_CATALOG_TITLE_JA", "オープンデータカタログ"),
        title_en=getattr(settings, "KENCHO_CATALOG_TITLE_EN", "Open Data Catalogue"),
        description_ja="県と市町が公開するオープンデータの一覧です。",
        description_en="Open data published by the prefecture and its municipalities.",
        publisher_name=getattr(settings, "KENCHO_CATALOG_PUBLISHER", "Kencho"),
        homepage=settings.KENCHO_BASE_URL.rstrip("/") + "/dataset/",
        language="ja",
    )


def _bad_request(ja: str, en: str) -> JsonResponse:
    return JsonResponse({"errors": [{"message": {"ja": ja, "en": en}}]}, status=400)


def catalog(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("unknown format")
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 0
    if page < 1:
        return _bad_request(
            "page は 1 以上の整数で指定してください。", "Give page as a whole number of 1 or more."
        )
    modified_since = request.GET.get("modified_since") or None
    datasets = Dataset.objects.filter(state=DatasetState.ACTIVE, private=False)
    if modified_since:
        try:
            since = datetime.datetime.fromisoformat(modified_since.replace("Z", "+00:00"))
        except ValueError:
            return _bad_request(
                "modified_since は 2025-04-01T00:00:00Z のような ISO 8601 の日時で指定してください。",
                "Give modified_since as an ISO 8601 date-time such as 2025-04-01T00:00:00Z.",
            )
        if timezone.is_naive(since):
            since = since.replace(tzinfo=datetime.UTC)
        datasets = datasets.filter(metadata_modified__gte=since)
    total = datasets.count()
    page_of_datasets = (
        datasets.order_by("-metadata_modified", "id")
        .select_related("organization")
        .prefetch_related("tags", "groups", "resources")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    )
    graph = catalog_graph(
        catalog=_catalog_info(),
        packages=[package_dict(dataset) for dataset in page_of_datasets],
        base_url=settings.KENCHO_BASE_URL,
        fmt=fmt,
        page=page,
        per_page=PAGE_SIZE,
        total=total,
        modified_since=modified_since,
    )
    body, content_type = serialize(graph, fmt)
    return HttpResponse(body, content_type=f"{content_type}; charset=utf-8")


def dataset(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("unknown format")
    try:
        found = dataset_for_reader(request.user, name)
    except NotFound as error:
        raise Http404(error.message_en) from error
    body, content_type = serialize(dataset_graph(package_dict(found), base_url=settings.KENCHO_BASE_URL), fmt)
    return HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
