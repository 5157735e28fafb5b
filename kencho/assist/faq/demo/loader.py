"""The demo collections (kanko.json, kenzei.json, it_helpdesk.json) and the labelled queries
(queries.json) that faq_evaluate, bench/faq.py and the ranking regression test use.

queries.json: one object per line, {"collection": slug, "query": text, "expected": [entry keys]}.
An empty "expected" means nothing in the collection answers the question (the hand-over case)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kencho.core.models import OrgUnit
from kencho.core.services import org_unit_create

from ..models import FaqCollection
from ..services import EntryContent, collection_create, entries_save

DEMO_DIR = Path(__file__).resolve().parent
COLLECTION_FILES = ["kanko.json", "kenzei.json", "it_helpdesk.json"]


@dataclass(frozen=True)
class LabelledQuery:
    collection: str
    query: str
    expected: tuple[str, ...]


def demo_definitions() -> list[dict[str, Any]]:
    return [json.loads((DEMO_DIR / name).read_text(encoding="utf-8")) for name in COLLECTION_FILES]


def labelled_queries(collection: str | None = None) -> list[LabelledQuery]:
    rows = json.loads((DEMO_DIR / "queries.json").read_text(encoding="utf-8"))
    return [
        LabelledQuery(row["collection"], row["query"], tuple(row["expected"]))
        for row in rows
        if collection is None or row["collection"] == collection
    ]


def entry_contents(definition: dict[str, Any]) -> list[EntryContent]:
    return [
        EntryContent(
            key=item["key"],
            question=item["question"],
            answer=item["answer"],
            category=item.get("category", ""),
            alternative_questions=tuple(item.get("alternatives", [])),
            easy_question=item.get("easy", {}).get("question", ""),
            easy_answer=item.get("easy", {}).get("answer", ""),
            translations={
                language: (text["question"], text["answer"])
                for language, text in item.get("translations", {}).items()
            },
        )
        for item in definition["entries"]
    ]


def _unit(spec: list[str]) -> OrgUnit:
    code, name_ja, name_en, parent_code, parent_ja, parent_en = spec
    parent = OrgUnit.objects.filter(code=parent_code).first() or org_unit_create(
        code=parent_code, name_ja=parent_ja, name_en=parent_en, level="department", parent=None
    )
    return OrgUnit.objects.filter(code=code).first() or org_unit_create(
        code=code, name_ja=name_ja, name_en=name_en, level="division", parent=parent
    )


def demo_collection_load(definition: dict[str, Any], *, embed: bool = True) -> FaqCollection:
    """Create the collection when missing and write its entries (by key; others are left alone)."""
    collection = FaqCollection.objects.filter(slug=definition["slug"]).first()
    if collection is None:
        collection = collection_create(
            slug=definition["slug"],
            title_ja=definition["title_ja"],
            title_en=definition["title_en"],
            description_ja=definition.get("description_ja", ""),
            description_en=definition.get("description_en", ""),
            owner_unit=_unit(definition["unit"]),
            audience=definition.get("audience", FaqCollection.Audience.PUBLIC),
            contact_note_ja=definition.get("contact_note_ja", ""),
            contact_note_en=definition.get("contact_note_en", ""),
        )
    for position, (name_ja, name_en) in enumerate(definition.get("categories", []), start=1):
        collection.categories.update_or_create(
            name_ja=name_ja, defaults={"name_en": name_en, "position": position}
        )
    entries_save(
        collection=collection, contents=entry_contents(definition), embed=embed, action="faq.demo_loaded"
    )
    collection.refresh_from_db()
    return collection
