"""Turning a labelled query set into evaluation cases against the collections in the database."""

from __future__ import annotations

from collections.abc import Sequence

from .demo.loader import LabelledQuery
from .evaluation import Case
from .index import index_for
from .models import FaqCollection, FaqEntry
from .retrieval import query_signals


class UnknownKeys(Exception):
    """The labelled set names entries that the collection does not have."""


def cases_for(queries: Sequence[LabelledQuery]) -> list[Case]:
    cases = []
    collections = {c.slug: c for c in FaqCollection.objects.filter(slug__in={q.collection for q in queries})}
    for slug in {q.collection for q in queries} - set(collections):
        raise UnknownKeys(f"no collection {slug!r}")
    keys = {
        (slug, key): pk
        for slug, key, pk in FaqEntry.objects.filter(collection__slug__in=list(collections)).values_list(
            "collection__slug", "key", "pk"
        )
    }
    for query in queries:
        missing = [key for key in query.expected if (query.collection, key) not in keys]
        if missing:
            raise UnknownKeys(f"{query.collection}: no entries {', '.join(missing)} (query {query.query!r})")
        index = index_for(collections[query.collection])
        cases.append(
            Case(
                query=query.query,
                index=index,
                signals=query_signals(index, query.query),
                relevant=frozenset(keys[(query.collection, key)] for key in query.expected),
            )
        )
    return cases
