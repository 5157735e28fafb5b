"""The dataset search page, shared by the catalogue, an organisation's page and a group's page.

The GET form's values become CKAN's q, fq and sort (each chosen facet value a quoted fq clause, all
of them required, as on CKAN's own search page), and the result's facets come back as checkboxes.
A bad value is dropped with a notice; a query the search cannot read is shown with status 400.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kencho.core.i18n import current_language

from ..errors import SearchQueryError
from ..models import Dataset, ResourceState
from ..selectors import (
    FACET_FIELDS,
    SearchParameters,
    SearchResult,
    dataset_search,
    groups_with_counts,
    organizations_with_counts,
)
from .params import page_numbers, plain_text, whole_number

PER_PAGE = 20
MAX_PAGE = 500  # 10,000 results deep; harvesters page further through the API
MAX_QUERY_CHARS = 200
MAX_FILTER_VALUES = 10
FACETS_SHOWN = 8  # per facet; the rest sit in a <details> below
FACET_LABELS = {
    "organization": gettext_lazy("公開組織"),
    "groups": gettext_lazy("分類"),
    "tags": gettext_lazy("タグ"),
    "res_format": gettext_lazy("ファイル形式"),
    "license_id": gettext_lazy("ライセンス"),
}
# Sort values are CKAN's, so a URL copied from CKAN sorts the same; "" is relevance, or newest first.
SORTS = {
    "": gettext_lazy("関連度順"),
    "metadata_modified desc": gettext_lazy("更新日の新しい順"),
    "metadata_created desc": gettext_lazy("登録日の新しい順"),
    "title_string asc": gettext_lazy("タイトル順"),
}


@dataclass
class SearchForm:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = ""
    page: int = 1
    notices: list[str] = field(default_factory=list)


def _search_form(query: QueryDict, facet_fields: tuple[str, ...]) -> SearchForm:
    form = SearchForm(q=plain_text(query.get("q", "")))
    if len(form.q) > MAX_QUERY_CHARS:
        form.q = form.q[:MAX_QUERY_CHARS]
        form.notices.append(
            _("キーワードが長すぎるため、先頭の %(n)s 文字で検索しました。") % {"n": MAX_QUERY_CHARS}
        )
    for name in facet_fields:
        wanted = list(dict.fromkeys(v for v in (plain_text(value) for value in query.getlist(name)) if v))
        # Quotes and backslashes would break out of the quoted filter value; names never hold them.
        usable = [v for v in wanted if len(v) <= 100 and not set(v) & set('"\\')]
        if len(usable) != len(wanted) or len(usable) > MAX_FILTER_VALUES:
            form.notices.append(_("使えない絞り込み条件があったため、その条件を外して表示しています。"))
        if usable:
            form.filters[name] = usable[:MAX_FILTER_VALUES]
    form.sort = plain_text(query.get("sort", ""))
    if form.sort not in SORTS:
        form.sort = ""
        form.notices.append(_("指定された並び順は使えないため、標準の並び順で表示しています。"))
    page = whole_number(query.get("page", "1"))
    if page is None or not 1 <= page <= MAX_PAGE:
        form.notices.append(_("ページの指定が正しくないため、最初のページを表示しています。"))
        page = 1
    form.page = page
    return form


def _filter_query(scope: str, filters: dict[str, list[str]]) -> str:
    """CKAN's fq: every chosen facet value must hold (AND), as in CKAN's own search page."""
    clauses = [f'{name}:"{value}"' for name, values in filters.items() for value in values]
    return " ".join([scope, *clauses] if scope else clauses)


@dataclass
class FacetEntry:
    value: str
    label: str
    count: int
    selected: bool


def _facet_groups(result: SearchResult, form: SearchForm) -> list[dict[str, Any]]:
    names = {name: [item.name for item in items] for name, items in result.facets.items()}
    titles = {  # the selector names publishers and groups in Japanese; these follow the page
        "organization": {
            o.name: o.title
            for o in organizations_with_counts().filter(name__in=names.get("organization", []))
        },
        "groups": {g.name: g.title for g in groups_with_counts().filter(name__in=names.get("groups", []))},
    }
    groups = []
    for name, items in result.facets.items():
        chosen = form.filters.get(name, [])
        entries = [
            FacetEntry(item.name, titles.get(name, {}).get(item.name, item.display_name), item.count,
                       item.name in chosen)
            for item in items
            if item.name
        ]  # fmt: skip
        groups.append(
            {
                "name": name,
                "label": FACET_LABELS[name],
                "shown": entries[:FACETS_SHOWN],
                "more": entries[FACETS_SHOWN:],
            }
        )
    return groups


def _active_filters(
    query: QueryDict, facet_groups: list[dict[str, Any]], form: SearchForm
) -> list[dict[str, Any]]:
    """The chosen filters, each with the query string that drops it (and goes back to page 1)."""
    labels = {(g["name"], e.value): e.label for g in facet_groups for e in g["shown"] + g["more"]}
    active = []
    for name, values in form.filters.items():
        for value in values:
            remaining = query.copy()
            remaining.setlist(name, [v for v in values if v != value])
            remaining.pop("page", None)
            active.append(
                {
                    "field": FACET_LABELS[name],
                    "label": labels.get((name, value), value),
                    "remove_query": remaining.urlencode(),
                }
            )
    return active


def _formats(found: Dataset) -> list[str]:
    # resources are prefetched by the search; filtering here keeps the prefetch
    return sorted({r.format for r in found.resources.all() if r.state == ResourceState.ACTIVE and r.format})


def search_page(
    request: HttpRequest,
    template: str,
    *,
    scope: str = "",
    facet_fields: tuple[str, ...] = FACET_FIELDS,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    form = _search_form(request.GET, facet_fields)
    params = SearchParameters(
        q=form.q,
        fq=_filter_query(scope, form.filters),
        sort=form.sort,
        rows=PER_PAGE,
        start=(form.page - 1) * PER_PAGE,
        facet_fields=list(facet_fields),
    )
    context: dict[str, Any] = {"form": form, "sorts": SORTS, **(extra or {})}
    try:
        result = dataset_search(viewer=request.user, params=params)
    except SearchQueryError as error:
        context["search_error"] = error.message(current_language())
        context["hidden_filters"] = [
            (name, value) for name, values in form.filters.items() for value in values
        ]
        return render(request, template, context, status=400)
    pages = max(1, -(-result.count // PER_PAGE))
    facet_groups = _facet_groups(result, form)
    listed = {(g["name"], e.value) for g in facet_groups for e in g["shown"] + g["more"]}
    context |= {
        "result": result,
        "rows": [(found, _formats(found)) for found in result.datasets],
        "facet_groups": facet_groups,
        # chosen values without a checkbox (none of the results has them) stay chosen on resubmit
        "hidden_filters": [
            (name, value)
            for name, values in form.filters.items()
            for value in values
            if (name, value) not in listed
        ],
        "active_filters": _active_filters(request.GET, facet_groups, form),
        "pages": pages,
        "page_numbers": page_numbers(form.page, pages) if pages > 1 else [],
        "past_the_end": form.page > pages,
        "first_number": params.start + 1,
        "last_number": params.start + len(result.datasets),
    }
    return render(request, template, context)
