"""The Solr-style query language CKAN clients send in q and fq."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kencho.opendata.errors import SearchQueryError
from kencho.opendata.search_query import parse_query


def test_fielded_clauses_free_text_and_negation() -> None:
    parsed = parse_query('津波 tags:防災 -res_format:PDF organization:"mie-bosai"')
    fields = [(c.field, c.values, c.negate) for c in parsed.clauses]
    assert fields == [
        ("", ["津波"], False),
        ("tags", ["防災"], False),
        ("res_format", ["PDF"], True),
        ("organization", ["mie-bosai"], False),
    ]
    assert parsed.free_text == ["津波"]


def test_not_and_plus_and_and_are_understood() -> None:
    parsed = parse_query("+tags:a AND NOT groups:b")
    assert [(c.field, c.negate) for c in parsed.clauses] == [("tags", False), ("groups", True)]


def test_or_joins_neighbouring_clauses() -> None:
    parsed = parse_query("tags:a OR tags:b license_id:cc-by")
    assert len(parsed.clauses) == 2
    assert parsed.clauses[0].alternatives[0].values == ["b"]


def test_parenthesised_alternatives() -> None:
    (clause,) = parse_query("groups:(kanko OR bosai)").clauses
    assert clause.values == ["kanko", "bosai"]


def test_harvester_range_with_open_end() -> None:
    (clause,) = parse_query("metadata_modified:[2024-04-01T00:00:00Z TO *]").clauses
    assert clause.date_range is not None
    assert clause.date_range.start == datetime.datetime(2024, 4, 1, tzinfo=datetime.UTC)
    assert clause.date_range.end is None


def test_exclusive_range_and_now_arithmetic() -> None:
    (clause,) = parse_query("metadata_created:{NOW-7DAYS TO NOW}").clauses
    assert clause.date_range is not None
    assert not clause.date_range.include_start and not clause.date_range.include_end
    assert clause.date_range.start is not None and clause.date_range.end is not None
    assert clause.date_range.end - clause.date_range.start == datetime.timedelta(days=7)


def test_site_id_that_ckan_harvesters_add_is_ignored() -> None:
    assert parse_query("+site_id:default +dataset_type:dataset").clauses[0].field == "dataset_type"


@pytest.mark.parametrize(
    "query",
    ["author_phone:123", "tags:[a TO b]", "metadata_modified:[yesterday TO *]", 'title:"unclosed', "tags:"],
)
def test_unreadable_queries_are_search_query_errors(query: str) -> None:
    with pytest.raises(SearchQueryError) as raised:
        parse_query(query)
    assert raised.value.message_ja and raised.value.message_en


def test_match_all() -> None:
    assert parse_query("*:*").clauses[0].field == "*"


@given(st.text(max_size=80))
def test_any_text_parses_or_is_a_search_query_error(text: str) -> None:
    with contextlib.suppress(SearchQueryError):
        parse_query(text)
