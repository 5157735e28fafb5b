"""Reads of the catalogue: dataset search with facets, and the lists CKAN clients ask for.

Search needs no separate search server. Japanese text is matched by SudachiPy's normalised tokens
stored on each dataset (see kencho.core.search), filters are plain indexed columns and joins, and
facet counts are GROUP BY queries over the matching datasets.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Lower

from kencho.core.search import search_query_tokens

from .access import editable_organizations
from .errors import InvalidInput, SearchQueryError
from .licenses import license_get
from .models import Dataset, DatasetState, Group, Organization, Resource, ResourceState, Tag
from .search_query import Clause, parse_query

FACET_FIELDS = ("organization", "groups", "tags", "res_format", "license_id")
MAX_ROWS = 1000
_SORT_FIELDS = {
    "score": "score",
    "metadata_modified": "metadata_modified",
    "metadata_created": "metadata_created",
    "name": "name",
    "title_string": "title",
    "title": "title",
    "id": "id",
}


@dataclass
class SearchParameters:
    q: str = ""
    fq: str = ""
    sort: str = ""
    rows: int = 10
    start: int = 0
    facet_fields: list[str] = field(default_factory=list)
    facet_limit: int = 50
    facet_mincount: int = 1
    include_private: bool = False
    include_drafts: bool = False


@dataclass
class FacetItem:
    name: str
    display_name: str
    count: int


@dataclass
class SearchResult:
    count: int
    datasets: list[Dataset]
    facets: dict[str, list[FacetItem]]
    sort: str


def has_tokens(column: str, tokens: list[str]) -> Q:
    """Rows whose token column holds every token. On PostgreSQL one array containment test that a
    GIN index answers (migration 0002); elsewhere a LIKE per token over the space-padded column.
    Both give the same rows, since a token never holds whitespace."""
    if not tokens:
        return Q()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.fields import ArrayField
        from django.contrib.postgres.lookups import DataContains

        as_array = Func(
            Func(F(column), function="btrim"),
            Value(" "),
            function="string_to_array",
            output_field=ArrayField(TextField()),
        )
        return Q(DataContains(as_array, Value(tokens, output_field=ArrayField(TextField()))))
    condition = Q()
    for token in tokens:
        condition &= Q(**{f"{column}__contains": f" {token} "})
    return condition


def _text_condition(words: list[str]) -> Q:
    tokens = [token for word in words for token in search_query_tokens(word)[:12]]
    return has_tokens("search_document", list(dict.fromkeys(tokens)))


def _field_condition(clause: Clause) -> Q:
    """The rows matching one fielded clause (before negation)."""
    name, values = clause.field, clause.values
    if name == "*":
        return Q()
    if clause.date_range is not None:
        rng, condition = clause.date_range, Q()
        if rng.start is not None:
            condition &= Q(**{f"{name}__{'gte' if rng.include_start else 'gt'}": rng.start})
        if rng.end is not None:
            condition &= Q(**{f"{name}__{'lte' if rng.include_end else 'lt'}": rng.end})
        return condition
    condition = Q()
    for value in values:
        condition |= _value_condition(name, value)
    return condition


def _value_condition(name: str, value: str) -> Q:
    prefix = value.endswith("*") and len(value) > 1
    stem = value.rstrip("*")
    lookups: dict[str, str] = {
        "organization": "organization__name",
        "owner_org": "organization_id",
        "groups": "groups__name",
        "tags": "tags__name",
        "license_id": "license_id",
        "name": "name",
        "id": "id",
        "frequency": "frequency",
    }
    if name in lookups:
        column = lookups[name]
        if name in {"tags", "groups"}:
            model = Tag if name == "tags" else Group
            lookup = "name__startswith" if prefix else "name"
            related = model.objects.filter(datasets=OuterRef("pk"), **{lookup: stem})
            return Q(Exists(related))
        if name in {"id", "owner_org"}:
            return Q(**{column: stem}) if _looks_like_id(stem) else Q(pk__in=[])
        return Q(**{f"{column}__startswith" if prefix else column: stem})
    if name in {"res_format", "res_name", "standard_dataset", "extras_standard_dataset"}:
        column = {"res_format": "format__iexact", "res_name": "name__icontains"}.get(name, "standard_dataset")
        resources = Resource.objects.filter(
            dataset=OuterRef("pk"), state=ResourceState.ACTIVE, **{column: stem}
        )
        return Q(Exists(resources))
    if name == "state":
        return Q(state=stem)
    if name == "capacity":
        return Q(private=stem == "private")
    if name in {"dataset_type", "type"}:
        return Q() if stem == "dataset" else Q(pk__in=[])
    if name in {"text", "title", "notes"}:
        column = "search_title" if name == "title" else "search_document"
        return has_tokens(column, search_query_tokens(stem)[:12])
    raise SearchQueryError(f"検索条件の項目「{name}」は使えません。", f'Unknown field "{name}" in the query.')


def _looks_like_id(value: str) -> bool:
    from .validation import is_uuid

    return is_uuid(value)


def _apply_clauses(datasets: QuerySet[Dataset], text: str) -> tuple[QuerySet[Dataset], list[str]]:
    parsed = parse_query(text)
    for clause in parsed.clauses:
        condition = _clause_condition(clause)
        for alternative in clause.alternatives:
            condition |= _clause_condition(alternative)
        datasets = datasets.filter(condition)
    return datasets, parsed.free_text


def _clause_condition(clause: Clause) -> Q:
    condition = _text_condition(clause.values) if not clause.field else _field_condition(clause)
    return ~condition if clause.negate else condition


def _ordering(sort: str, *, has_text: bool) -> list[str]:
    sort = sort.strip() or ("score desc, metadata_modified desc" if has_text else "metadata_modified desc")
    ordering: list[str] = []
    for part in sort.split(","):
        words = part.split()
        if not words:
            continue
        key, direction = words[0], (words[1].lower() if len(words) > 1 else "asc")
        if key not in _SORT_FIELDS or direction not in {"asc", "desc"} or len(words) > 2:
            raise SearchQueryError(
                f"並び順「{part.strip()}」は使えません。例: metadata_modified desc, name asc",
                f'Cannot sort by "{part.strip()}". Use e.g. "metadata_modified desc" or "name asc".',
            )
        if key == "score" and not has_text:
            continue
        ordering.append(("-" if direction == "desc" else "") + _SORT_FIELDS[key])
    return [*ordering, "id"]


def _score(tokens: list[str]) -> Any:
    score: Any = Value(0)
    for token in tokens:
        score = score + Case(
            When(search_title__contains=f" {token} ", then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    return score


def datasets_base(viewer: Any, *, include_private: bool, include_drafts: bool) -> QuerySet[Dataset]:
    visible = Q(state=DatasetState.ACTIVE, private=False)
    if (include_private or include_drafts) and getattr(viewer, "is_authenticated", False):
        own = Q(organization_id__in=editable_organizations(viewer).values("id"))
        states = [DatasetState.ACTIVE, DatasetState.DRAFT] if include_drafts else [DatasetState.ACTIVE]
        private_values = [True, False] if include_private else [False]
        visible |= own & Q(state__in=states, private__in=private_values)
    return Dataset.objects.filter(visible)


def dataset_search(*, viewer: Any, params: SearchParameters) -> SearchResult:
    """CKAN's package_search. Raises SearchQueryError for a query it cannot read and InvalidInput
    for out-of-range paging."""
    errors = InvalidInput()
    if not 0 <= params.rows <= MAX_ROWS:
        errors.add(
            "rows", (f"rows は 0〜{MAX_ROWS} にしてください。", f"rows must be between 0 and {MAX_ROWS}.")
        )
    if params.start < 0:
        errors.add("start", ("start は 0 以上にしてください。", "start must be 0 or more."))
    unknown = [name for name in params.facet_fields if name not in FACET_FIELDS]
    if unknown:
        raise SearchQueryError(
            f"集計できない項目です: {', '.join(unknown)}。使える項目: {', '.join(FACET_FIELDS)}",
            f"Cannot facet on {', '.join(unknown)}. Facet fields: {', '.join(FACET_FIELDS)}",
        )
    if errors:
        raise errors
    datasets = datasets_base(
        viewer, include_private=params.include_private, include_drafts=params.include_drafts
    )
    datasets, free_text = _apply_clauses(datasets, params.q)
    datasets, fq_text = _apply_clauses(datasets, params.fq)
    tokens = [token for word in free_text + fq_text for token in search_query_tokens(word)[:12]]
    count = datasets.count()
    ordering = _ordering(params.sort, has_text=bool(tokens))
    page = datasets
    if any(key.lstrip("-") == "score" for key in ordering):
        page = page.annotate(score=_score(tokens))
    page_ids = list(
        page.order_by(*ordering).values_list("id", flat=True)[params.start : params.start + params.rows]
    )
    by_id = {
        dataset.id: dataset
        for dataset in Dataset.objects.filter(id__in=page_ids)
        .select_related("organization")
        .prefetch_related("tags", "groups", "resources")
    }
    facets = _facets(datasets, params)
    return SearchResult(
        count=count, datasets=[by_id[i] for i in page_ids if i in by_id], facets=facets, sort=params.sort
    )


FACET_CACHE_SECONDS = 300


def _facets(datasets: QuerySet[Dataset], params: SearchParameters) -> dict[str, list[FacetItem]]:
    """Facet counts, the costly part of a search over a large catalogue (GROUP BY over every matching
    dataset's tags and resources). Public searches are cached under the catalogue's last change, so
    any change to a dataset or resource (which moves metadata_modified) starts a new key; a renamed
    publisher or group shows its new title within FACET_CACHE_SECONDS."""
    if not params.facet_fields:
        return {}
    if params.include_private or params.include_drafts:
        return {name: _facet(datasets, name, params) for name in params.facet_fields}
    last_change = Dataset.objects.aggregate(last=Max("metadata_modified"))["last"]
    key_source = json.dumps(
        [
            str(last_change),
            params.q,
            params.fq,
            params.facet_fields,
            params.facet_limit,
            params.facet_mincount,
        ],
        ensure_ascii=False,
    )
    key = "opendata:facets:" + hashlib.sha256(key_source.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return {name: [FacetItem(*item) for item in items] for name, items in cached.items()}
    facets = {name: _facet(datasets, name, params) for name in params.facet_fields}
    cache.set(
        key,
        {name: [(i.name, i.display_name, i.count) for i in items] for name, items in facets.items()},
        FACET_CACHE_SECONDS,
    )
    return facets


def _facet(datasets: QuerySet[Dataset], name: str, params: SearchParameters) -> list[FacetItem]:
    ids = datasets.values("pk")
    rows: list[Any]
    if name == "organization":
        rows = list(
            Organization.objects.filter(datasets__in=ids)
            .values("name", "title_ja")
            .annotate(count=Count("datasets", distinct=True))
        )
        items = [FacetItem(r["name"], r["title_ja"], r["count"]) for r in rows]
    elif name == "groups":
        rows = list(
            Group.objects.filter(datasets__in=ids)
            .values("name", "title_ja")
            .annotate(count=Count("datasets"))
        )
        items = [FacetItem(r["name"], r["title_ja"], r["count"]) for r in rows]
    elif name == "tags":
        rows = list(Tag.objects.filter(datasets__in=ids).values("name").annotate(count=Count("datasets")))
        items = [FacetItem(r["name"], r["name"], r["count"]) for r in rows]
    elif name == "res_format":
        rows = list(
            Resource.objects.filter(dataset__in=ids, state=ResourceState.ACTIVE)
            .exclude(format="")
            .values("format")
            .annotate(count=Count("dataset", distinct=True))
        )
        items = [FacetItem(r["format"], r["format"], r["count"]) for r in rows]
    else:
        rows = list(datasets.order_by().values("license_id").annotate(count=Count("pk")))
        items = []
        for r in rows:
            licence = license_get(r["license_id"])
            items.append(
                FacetItem(r["license_id"], licence.title if licence else r["license_id"], r["count"])
            )
    items = [item for item in items if item.count >= params.facet_mincount]
    items.sort(key=lambda item: (-item.count, item.name))
    return items if params.facet_limit < 0 else items[: params.facet_limit]


def facet_fields_param(raw: str | list[str] | None) -> list[str]:
    """facet.field as CKAN takes it: a JSON list in a string, or a list."""
    if raw in (None, ""):
        return []
    if isinstance(raw, list):
        return [str(item) for item in raw]
    try:
        value = json.loads(raw)
    except ValueError:
        value = [raw]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise SearchQueryError(
            'facet.field は ["tags", "res_format"] のようなリストで指定してください。',
            'Give facet.field as a list such as ["tags", "res_format"].',
        )
    return [str(item) for item in value]


def dataset_names(*, limit: int | None = None, offset: int = 0) -> list[str]:
    names = (
        Dataset.objects.filter(state=DatasetState.ACTIVE, private=False)
        .order_by("name")
        .values_list("name", flat=True)
    )
    return list(names[offset : offset + limit] if limit is not None else names[offset:])


def organizations_with_counts() -> QuerySet[Organization]:
    public = Q(datasets__state=DatasetState.ACTIVE, datasets__private=False)
    return Organization.objects.filter(is_active=True).annotate(
        package_count=Count("datasets", filter=public)
    )


def groups_with_counts() -> QuerySet[Group]:
    public = Q(datasets__state=DatasetState.ACTIVE, datasets__private=False)
    return Group.objects.annotate(package_count=Count("datasets", filter=public))


def tag_names(*, query: str = "") -> list[str]:
    tags = Tag.objects.filter(datasets__state=DatasetState.ACTIVE, datasets__private=False)
    if query:
        tags = tags.filter(name__icontains=query)
    return list(tags.annotate(lower=Lower("name")).order_by("name").values_list("name", flat=True).distinct())


def datasets_for_editor(user: Any, *, state: str, query: str) -> QuerySet[Dataset]:
    """The datasets of the organisations `user` publishes for, for the staff list: by state
    ("draft", "active", "private" or all) and words."""
    datasets = Dataset.objects.filter(organization__in=editable_organizations(user)).exclude(
        state=DatasetState.DELETED
    )
    if state == "draft":
        datasets = datasets.filter(state=DatasetState.DRAFT)
    elif state == "active":
        datasets = datasets.filter(state=DatasetState.ACTIVE, private=False)
    elif state == "private":
        datasets = datasets.filter(private=True)
    if query:
        words = has_tokens("search_document", search_query_tokens(query)[:12])
        datasets = datasets.filter(words | Q(name__icontains=query) | Q(title__icontains=query))
    return (
        datasets.select_related("organization")
        .annotate(resource_count=Count("resources", filter=Q(resources__state=ResourceState.ACTIVE)))
        .order_by("-metadata_modified")
    )
