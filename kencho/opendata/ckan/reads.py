"""The read actions of the Action API. Each docstring is what help_show returns for the action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from ..access import dataset_for_reader, resource_for_reader
from ..dicts import group_dict, organization_dict, package_dict, resource_dict
from ..errors import InvalidInput, not_found
from ..licenses import LICENSES, License
from ..models import Group, Organization, Tag
from ..selectors import (
    MAX_ROWS,
    SearchParameters,
    SearchResult,
    dataset_names,
    dataset_search,
    facet_fields_param,
    groups_with_counts,
    organizations_with_counts,
    tag_names,
)
from ..validation import is_uuid
from . import params
from .params import Call

# The CKAN release whose Action API this one follows: the actions, parameters and dict shapes of
# CKAN 2.10 that clients (ckanapi, ckanext-harvest, ckanext-dcat) rely on.
CKAN_VERSION = "2.10.0"
DEFAULT_SORT = "score desc, metadata_modified desc"


def package_list(call: Call) -> list[str]:
    """Return the names of the site's public datasets, sorted by name.

    :param limit: how many names to return (optional)
    :param offset: how many names to skip first (optional)
    """
    limit = params.integer(call.data, "limit", None)
    return dataset_names(limit=limit, offset=params.integer(call.data, "offset", 0))


def current_package_list_with_resources(call: Call) -> list[dict[str, Any]]:
    """Return the public datasets with their resources, most recently modified first.

    :param limit: how many datasets to return (at most 1000, the default)
    :param offset: how many datasets to skip first
    """
    search = SearchParameters(
        sort="metadata_modified desc",
        rows=params.integer(call.data, "limit", MAX_ROWS, maximum=MAX_ROWS),
        start=params.integer(call.data, "offset", 0),
    )
    return [package_dict(dataset) for dataset in dataset_search(viewer=None, params=search).datasets]


def _search_parameters(data: dict[str, Any]) -> SearchParameters:
    fq = " ".join(part for part in [params.text(data, "fq"), *params.text_list(data, "fq_list")] if part)
    raw_fields = data.get("facet.field")
    if raw_fields is not None and not isinstance(raw_fields, str | list):
        raise InvalidInput(
            errors={"facet.field": [("項目名のリストで指定してください。", "Send a list of field names.")]}
        )
    facet = params.boolean(data, "facet", True)
    return SearchParameters(
        q=params.text(data, "q"),
        fq=fq,
        sort=params.text(data, "sort"),
        rows=params.integer(data, "rows", 10),
        start=params.integer(data, "start", 0),
        facet_fields=facet_fields_param(raw_fields) if facet else [],
        facet_limit=params.integer(data, "facet.limit", 50, minimum=-1),
        facet_mincount=params.integer(data, "facet.mincount", 1),
        include_private=params.boolean(data, "include_private", False),
        include_drafts=params.boolean(data, "include_drafts", False),
    )


def _search_answer(found: SearchResult) -> dict[str, Any]:
    return {
        "count": found.count,
        "sort": found.sort or DEFAULT_SORT,
        "results": [package_dict(dataset) for dataset in found.datasets],
        "facets": {name: {item.name: item.count for item in items} for name, items in found.facets.items()},
        "search_facets": {
            name: {
                "title": name,
                "items": [
                    {"name": item.name, "display_name": item.display_name, "count": item.count}
                    for item in items
                ],
            }
            for name, items in found.facets.items()
        },
    }


def package_search(call: Call) -> dict[str, Any]:
    """Search the datasets, as CKAN's package_search with Solr's query syntax.

    :param q: the query, e.g. "津波 tags:防災" (Japanese words are matched by their normalised forms)
    :param fq: filter query, e.g. "organization:mie-bosai -res_format:PDF
        metadata_modified:[2024-01-01T00:00:00Z TO *]"
    :param fq_list: more filter queries, each applied like fq
    :param sort: e.g. "metadata_modified desc" or "name asc, id asc" (score, metadata_modified,
        metadata_created, name, title_string, id)
    :param rows: how many datasets to return (0 to 1000, default 10)
    :param start: how many matching datasets to skip (default 0)
    :param facet: "true" (default) or "false"
    :param facet.field: the fields to count, e.g. ["organization", "groups", "tags", "res_format",
        "license_id"]
    :param facet.limit: the most values per field (default 50, -1 for all)
    :param facet.mincount: the least count of a value to be listed (default 1)
    :param include_private: also the caller's organisations' private datasets (default false)
    :param include_drafts: also the caller's organisations' drafts (default false)

    Returns count, sort, results (the datasets as package_show gives them), facets ({field: {name:
    count}}) and search_facets ({field: {"title", "items": [{"name", "display_name", "count"}]}}).
    """
    return _search_answer(dataset_search(viewer=call.user, params=_search_parameters(call.data)))


def package_show(call: Call) -> dict[str, Any]:
    """Return a dataset with its resources.

    :param id: the id or name of the dataset
    """
    return package_dict(dataset_for_reader(call.user, params.required(call.data, "id", "name_or_id")))


def resource_show(call: Call) -> dict[str, Any]:
    """Return a resource (a file or link of a dataset).

    :param id: the id of the resource
    """
    return resource_dict(resource_for_reader(call.user, params.required(call.data, "id")))


def _sorted(items: QuerySet[Any], sort: str) -> QuerySet[Any]:
    columns = {"name": "name", "title": "title_ja", "package_count": "package_count"}
    words = sort.split()
    if not words or words[0] not in columns or len(words) > 2 or words[-1] not in {*columns, "asc", "desc"}:
        raise InvalidInput(
            errors={
                "sort": [
                    (
                        f"「{sort}」では並べられません。例: name asc, title desc, package_count desc",
                        f'Cannot sort by "{sort}". Use e.g. "name asc", "title desc", "package_count desc".',
                    )
                ]
            }
        )
    descending = len(words) == 2 and words[1] == "desc"
    return items.order_by(("-" if descending else "") + columns[words[0]], "name")


def _listing(call: Call, items: QuerySet[Any], to_dict: Callable[..., dict[str, Any]], key: str) -> list[Any]:
    data = call.data
    wanted = params.text_list(data, key)
    if wanted:
        items = items.filter(name__in=wanted)
    if query := params.text(data, "q").strip():
        items = items.filter(
            Q(name__icontains=query) | Q(title_ja__icontains=query) | Q(title_en__icontains=query)
        )
    items = _sorted(items, params.text(data, "sort", "title asc") or "title asc")
    offset = params.integer(data, "offset", 0)
    limit = params.integer(data, "limit", MAX_ROWS, maximum=MAX_ROWS)
    page = list(items[offset : offset + limit])
    if params.boolean(data, "all_fields", False):
        return [to_dict(item, package_count=item.package_count) for item in page]
    return [item.name for item in page]


def organization_list(call: Call) -> list[Any]:
    """Return the publishing organisations: their names, or their dicts with all_fields.

    :param all_fields: "true" for the organisations' dicts with package_count (default false)
    :param sort: "name", "title" (default) or "package_count", with asc or desc
    :param limit: how many to return (at most 1000); :param offset: how many to skip
    :param organizations: only these names; :param q: only names or titles containing this
    """
    return _listing(call, organizations_with_counts(), organization_dict, "organizations")


def group_list(call: Call) -> list[Any]:
    """Return the groups (categories across organisations): their names, or their dicts with all_fields.

    :param all_fields: "true" for the groups' dicts with package_count (default false)
    :param sort: "name", "title" (default) or "package_count", with asc or desc
    :param limit: how many to return (at most 1000); :param offset: how many to skip
    :param groups: only these names; :param q: only names or titles containing this
    """
    return _listing(call, groups_with_counts(), group_dict, "groups")


def _one(items: QuerySet[Any], key: str) -> Any:
    return items.filter(Q(pk=key) if is_uuid(key) else Q(name=key)).first()


def _with_datasets(call: Call, result: dict[str, Any], fq: str) -> dict[str, Any]:
    if params.boolean(call.data, "include_datasets", False):
        search = SearchParameters(fq=fq, rows=MAX_ROWS, sort="name asc", include_private=True)
        result["packages"] = [
            package_dict(dataset) for dataset in dataset_search(viewer=call.user, params=search).datasets
        ]
    return result


def organization_show(call: Call) -> dict[str, Any]:
    """Return an organisation with its count of public datasets.

    :param id: the id or name of the organisation
    :param include_datasets: "true" to add its datasets under "packages" (default false)
    """
    key = params.required(call.data, "id")
    organization: Organization | None = _one(organizations_with_counts(), key)
    if organization is None:
        raise not_found("公開組織", "Organization", key)
    result = organization_dict(organization, package_count=organization.package_count)  # type: ignore[attr-defined]  # annotated by the selector
    return _with_datasets(call, result, f"owner_org:{organization.id}")


def group_show(call: Call) -> dict[str, Any]:
    """Return a group with its count of public datasets.

    :param id: the id or name of the group
    :param include_datasets: "true" to add its datasets under "packages" (default false)
    """
    key = params.required(call.data, "id")
    group: Group | None = _one(groups_with_counts(), key)
    if group is None:
        raise not_found("分類", "Group", key)
    result = group_dict(group, package_count=group.package_count)  # type: ignore[attr-defined]  # annotated by the selector
    return _with_datasets(call, result, f'groups:"{group.name}"')


def tag_list(call: Call) -> list[Any]:
    """Return the tags of public datasets, sorted by name.

    :param query: only tags containing this text
    :param all_fields: "true" for the tags' dicts instead of their names (default false)
    """
    names = tag_names(query=params.text(call.data, "query").strip())
    if not params.boolean(call.data, "all_fields", False):
        return names
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    return [
        {"id": str(tags[name].id), "name": name, "display_name": name, "vocabulary_id": None}
        for name in names
        if name in tags
    ]


_DOMAINS = {  # licence id: (content, data)
    "pdl-1.0": (True, True),
    "cc-zero": (True, True),
    "odc-odbl": (False, True),
    "other-open": (True, False),
}


def license_dict(licence: License) -> dict[str, Any]:
    content, data = _DOMAINS.get(licence.id, (licence.id.startswith("cc-"), False))
    return {
        "id": licence.id,
        "title": licence.title_ja,
        "title_en": licence.title_en,
        "url": licence.url,
        "status": "active",
        "maintainer": "",
        "family": "",
        "domain_content": content,
        "domain_data": data,
        "domain_software": False,
        "is_generic": licence.id in {"other-open", "other-closed", "notspecified"},
        "is_okd_compliant": licence.is_open,
        "is_osi_compliant": False,
        "od_conformance": "approved" if licence.is_open else "not reviewed",
        "osd_conformance": "not reviewed",
    }


def license_list(call: Call) -> list[dict[str, Any]]:
    """Return the licences a dataset can carry, in CKAN's licence shape."""
    return [license_dict(licence) for licence in LICENSES]


def status_show(call: Call) -> dict[str, Any]:
    """Return the site's status. ckan_version names the CKAN release whose Action API this one
    follows (2.10); the catalogue itself is Kencho, not CKAN."""
    return {
        "site_title": "Kencho オープンデータ",
        "site_description": "",
        "site_url": settings.KENCHO_BASE_URL,
        "ckan_version": CKAN_VERSION,
        "error_emails_to": None,
        "locale_default": settings.LANGUAGE_CODE,
        "extensions": ["kencho_opendata"],
    }
