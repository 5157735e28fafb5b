"""Writes to FAQ content: collections and entries. Every change raises the collection's index version
in the same transaction (so every app process rebuilds its search index on its next query) and, once
committed, schedules the embedding of the changed entries in the background (tasks.py).

Writes of what residents leave behind (feedback, unanswered questions, inquiries) are in records.py."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from kencho.core.audit import audit_record
from kencho.core.background import enqueue_after_commit
from kencho.core.models import OrgUnit, User

from .fusion import FusionParameters
from .index import index_version_bump
from .languages import TRANSLATION_LANGUAGES
from .models import FaqCategory, FaqCollection, FaqEntry, FaqTranslation
from .richtext import sanitize_answer

_LANGUAGE_CODES = frozenset(code for code, _ in TRANSLATION_LANGUAGES)


@dataclass(frozen=True)
class EntryContent:
    """What an entry says, as an editor, an import row or the demo data gives it."""

    key: str
    question: str
    answer: str
    category: str = ""
    alternative_questions: tuple[str, ...] = ()
    easy_question: str = ""
    easy_answer: str = ""
    translations: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # language → (q, a)
    is_active: bool = True


def collection_create(
    *,
    slug: str,
    title_ja: str,
    owner_unit: OrgUnit,
    title_en: str = "",
    description_ja: str = "",
    description_en: str = "",
    audience: str = FaqCollection.Audience.PUBLIC,
    contact_note_ja: str = "",
    contact_note_en: str = "",
    handover_unit: OrgUnit | None = None,
    actor: User | None = None,
) -> FaqCollection:
    collection = FaqCollection(
        slug=slug,
        title_ja=title_ja,
        title_en=title_en,
        description_ja=description_ja,
        description_en=description_en,
        owner_unit=owner_unit,
        handover_unit=handover_unit,
        audience=audience,
        contact_note_ja=contact_note_ja,
        contact_note_en=contact_note_en,
    )
    collection.full_clean()
    with transaction.atomic():
        collection.save()
        audit_record(action="faq.collection_created", actor=actor, obj=collection, unit_code=owner_unit.code)
    return collection


def _category(collection: FaqCollection, name: str) -> FaqCategory | None:
    name = name.strip()
    if not name:
        return None
    category = FaqCategory.objects.filter(collection=collection, name_ja=name).first()
    if category is None:
        last = FaqCategory.objects.filter(collection=collection).aggregate(m=Max("position"))["m"]
        category = FaqCategory.objects.create(collection=collection, name_ja=name, position=(last or 0) + 1)
    return category


def _write_entry(collection: FaqCollection, content: EntryContent, position: int | None) -> FaqEntry:
    """Create or update one entry by key, without the version bump, audit or embedding."""
    unknown = sorted(set(content.translations) - _LANGUAGE_CODES)
    if unknown:
        raise ValidationError({"translations": f"unknown language code(s): {', '.join(unknown)}"})
    entry = FaqEntry.objects.filter(collection=collection, key=content.key).first() or FaqEntry(
        collection=collection, key=content.key
    )
    entry.question = content.question.strip()
    entry.answer = sanitize_answer(content.answer)
    entry.category = _category(collection, content.category)
    entry.alternative_questions = [a.strip() for a in content.alternative_questions if a.strip()]
    entry.easy_question = content.easy_question.strip()
    entry.easy_answer = sanitize_answer(content.easy_answer) if content.easy_answer.strip() else ""
    entry.is_active = content.is_active
    if position is not None:
        entry.position = position
    elif entry.pk is None:
        last = FaqEntry.objects.filter(collection=collection).aggregate(m=Max("position"))["m"]
        entry.position = (last or 0) + 1
    entry.full_clean(exclude=["collection", "category"])
    entry.save()
    kept = []
    for language, (question, answer) in content.translations.items():
        if not question.strip() or not answer.strip():
            continue
        FaqTranslation.objects.update_or_create(
            entry=entry,
            language=language,
            defaults={"question": question.strip(), "answer": sanitize_answer(answer)},
        )
        kept.append(language)
    entry.translations.exclude(language__in=kept).delete()
    return entry


def entry_save(
    *, collection: FaqCollection, content: EntryContent, actor: User | None = None, embed: bool = True
) -> FaqEntry:
    """Create or update the entry with `content.key`. Raises ValidationError on bad content."""
    with transaction.atomic():
        entry = _write_entry(collection, content, None)
        index_version_bump(collection.pk)
        audit_record(
            action="faq.entry_saved",
            actor=actor,
            obj=entry,
            unit_code=collection.owner_unit.code,
            detail={"collection": collection.slug, "key": entry.key},
        )
        if embed:
            schedule_embedding(collection=collection, entry_ids=[entry.pk])
    return entry


def entries_save(
    *,
    collection: FaqCollection,
    contents: Iterable[EntryContent],
    replace: bool = False,
    actor: User | None = None,
    embed: bool = True,
    action: str = "faq.entries_imported",
) -> list[FaqEntry]:
    """Many entries in one transaction, in the given order. With `replace`, entries of the collection
    whose keys are not among them are deleted."""
    with transaction.atomic():
        entries = [
            _write_entry(collection, content, position) for position, content in enumerate(contents, start=1)
        ]
        deleted = 0
        if replace:
            deleted, _ = (
                FaqEntry.objects.filter(collection=collection)
                .exclude(pk__in=[e.pk for e in entries])
                .delete()
            )
        index_version_bump(collection.pk)
        audit_record(
            action=action,
            actor=actor,
            obj=collection,
            unit_code=collection.owner_unit.code,
            detail={"saved": len(entries), "replace": replace, "deleted_rows": deleted},
        )
        if embed:
            schedule_embedding(collection=collection, entry_ids=[e.pk for e in entries])
    return entries


def entry_delete(*, entry: FaqEntry, actor: User | None = None) -> None:
    collection = entry.collection
    with transaction.atomic():
        audit_record(
            action="faq.entry_deleted",
            actor=actor,
            obj=entry,
            unit_code=collection.owner_unit.code,
            detail={"collection": collection.slug, "key": entry.key},
        )
        entry.delete()
        index_version_bump(collection.pk)


def fusion_parameters_save(
    *, collection: FaqCollection, parameters: FusionParameters, actor: User | None = None
) -> None:
    """Store the retrieval settings faq_evaluate chose for the collection."""
    values = asdict(parameters)
    with transaction.atomic():
        FaqCollection.objects.filter(pk=collection.pk).update(**values)
        audit_record(
            action="faq.fusion_parameters_saved",
            actor=actor,
            obj=collection,
            unit_code=collection.owner_unit.code,
            detail=values,
        )
    collection.refresh_from_db()


def schedule_embedding(*, collection: FaqCollection, entry_ids: list[int]) -> None:
    """Compute the embeddings of these entries in the background once the transaction commits."""
    from .tasks import embed_entries  # tasks import this module's neighbours; keep the cycle lazy

    if entry_ids:
        enqueue_after_commit(embed_entries, collection_id=collection.pk, entry_ids=entry_ids)
