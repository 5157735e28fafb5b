"""FAQ fixtures: a small hand-written collection, and the demo collections with their embeddings (the
embeddings are cached per process, so only the first test that loads them pays for the model)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from kencho.assist.faq.demo.loader import demo_collection_load, demo_definitions
from kencho.assist.faq.index import forget_indexes
from kencho.assist.faq.models import FaqCollection
from kencho.assist.faq.services import EntryContent, collection_create, entries_save
from kencho.assist.faq.vectors import entries_embed
from kencho.core.models import OrgUnit


@pytest.fixture(autouse=True)
def _fresh_indexes_and_rate_limits() -> Any:
    """Indexes are cached per process by collection id; test databases reuse ids."""
    forget_indexes()
    cache.clear()
    yield
    forget_indexes()


@pytest.fixture
def tax_collection(units: dict[str, OrgUnit]) -> FaqCollection:
    collection = collection_create(
        slug="tax", title_ja="県税", title_en="Taxes", owner_unit=units["division"]
    )
    entries_save(
        collection=collection,
        embed=False,
        contents=[
            EntryContent(
                key="moving",
                question="引越しをしたときの自動車税の手続きは？",
                answer="<p>車検証の住所を変更してください。</p>",
                category="自動車税",
            ),
            EntryContent(
                key="reduction",
                question="不動産取得税の軽減を申し込みたい",
                answer="県税事務所に申告書を出してください。\nhttps://example.jp/form",
                category="不動産取得税",
                alternative_questions=("住宅の軽減措置",),
                translations={"en": ("How do I apply for the real estate tax reduction?", "Send the form.")},
            ),
            EntryContent(
                key="certificate",
                question="納税証明書はどこでもらえますか",
                answer="<p>県税事務所の窓口で発行します。</p>",
                easy_question="税金を はらった 証明は どこで もらえますか",
                easy_answer="<p>県税事務所で もらえます。</p>",
            ),
        ],
    )
    collection.refresh_from_db()
    return collection


@pytest.fixture
def embedded_tax_collection(tax_collection: FaqCollection, settings: Any) -> FaqCollection:
    """The small collection with embeddings, and no search limit (property tests ask many times)."""
    settings.KENCHO_FAQ_SEARCHES_PER_MINUTE = 0
    entries_embed(collection=tax_collection)
    tax_collection.refresh_from_db()
    return tax_collection


@pytest.fixture
def demo_collections(db: Any) -> dict[str, FaqCollection]:
    collections = {}
    for definition in demo_definitions():
        collection = demo_collection_load(definition, embed=False)
        entries_embed(collection=collection)
        collection.refresh_from_db()
        collections[collection.slug] = collection
    return collections
