from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from kencho.assist.faq.access import collection_for_asker, inquiry_for_staff
from kencho.assist.faq.embeddings import embed_query, vectors_to_bytes
from kencho.assist.faq.index import index_for
from kencho.assist.faq.models import FaqCollection, FaqEmbedding, FaqEntry, FaqUnansweredQuery
from kencho.assist.faq.records import feedback_record, inquiry_status_set, inquiry_submit, unanswered_resolve
from kencho.assist.faq.search import faq_search
from kencho.assist.faq.selectors import inquiries_for_staff, unanswered_groups
from kencho.assist.faq.services import EntryContent, entry_delete, entry_save
from kencho.core.models import AuditEntry, OrgUnit, User


def _fresh(collection: FaqCollection) -> FaqCollection:
    """The collection as the next request of any app process reads it."""
    return collection_for_asker(user=None, slug=collection.slug)


def test_a_change_made_elsewhere_is_seen_on_the_next_query(tax_collection: FaqCollection) -> None:
    before = index_for(_fresh(tax_collection))
    assert faq_search(collection=_fresh(tax_collection), query="ドローン 撮影").answers == []
    # Another process saves an entry: only the database knows.
    entry_save(
        collection=tax_collection,
        content=EntryContent(key="drone", question="ドローンで撮影したい", answer="許可が必要です。"),
        embed=False,
    )
    after = index_for(_fresh(tax_collection))
    assert after.version > before.version
    assert (
        faq_search(collection=_fresh(tax_collection), query="ドローン 撮影").answers[0].entry.key == "drone"
    )
    entry_delete(entry=FaqEntry.objects.get(key="drone"))
    assert faq_search(collection=_fresh(tax_collection), query="ドローン 撮影").answers == []


def test_the_index_is_reused_while_nothing_changes(tax_collection: FaqCollection) -> None:
    assert index_for(_fresh(tax_collection)) is index_for(_fresh(tax_collection))


def test_answers_are_sanitised_and_plain_text_gets_paragraphs_and_links(
    tax_collection: FaqCollection,
) -> None:
    entry = entry_save(
        collection=tax_collection,
        content=EntryContent(
            key="unsafe",
            question="質問",
            answer='<p onclick="x()">本文<script>alert(1)</script><a href="javascript:x()">リンク</a></p>',
        ),
        embed=False,
    )
    assert "script" not in entry.answer and "onclick" not in entry.answer and "javascript" not in entry.answer
    plain = entry_save(
        collection=tax_collection,
        content=EntryContent(
            key="plain", question="質問", answer="一行目\n詳しくは https://example.jp/a を見てください"
        ),
        embed=False,
    )
    assert plain.answer == (
        '<p>一行目<br>詳しくは <a href="https://example.jp/a" rel="noopener noreferrer">https://example.jp/a</a>'
        " を見てください</p>"
    )


def test_unknown_translation_language_is_refused(tax_collection: FaqCollection) -> None:
    with pytest.raises(ValidationError):
        entry_save(
            collection=tax_collection,
            content=EntryContent(key="x", question="q", answer="a", translations={"xx": ("q", "a")}),
            embed=False,
        )


def test_saving_an_entry_embeds_it_after_commit_and_again_when_its_question_changes(
    tax_collection: FaqCollection, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    content = EntryContent(key="vpn", question="VPNに接続できない", answer="再起動してください。")
    with django_capture_on_commit_callbacks(execute=True):
        entry = entry_save(collection=tax_collection, content=content)
    first = FaqEmbedding.objects.get(entry=entry)
    assert first.texts == ["VPNに接続できない"]
    assert len(first.vectors) == 384 * 4
    changed = EntryContent(key="vpn", question="VPNがつながらない", answer="再起動してください。")
    with django_capture_on_commit_callbacks(execute=True):
        entry_save(collection=tax_collection, content=changed)
    assert FaqEmbedding.objects.get(entry=entry).texts == ["VPNがつながらない"]
    assert index_for(_fresh(tax_collection)).entries_with_vectors == 1


def test_feedback_is_recorded_only_for_entries_of_the_collection(
    tax_collection: FaqCollection, units: dict[str, OrgUnit]
) -> None:
    entry = FaqEntry.objects.get(collection=tax_collection, key="moving")
    feedback = feedback_record(collection=tax_collection, entry=entry, query="引っ越し", helpful=False)
    assert feedback.helpful is False
    other = FaqCollection.objects.create(slug="other", title_ja="他", owner_unit=units["other"])
    with pytest.raises(ValueError, match="another collection"):
        feedback_record(collection=other, entry=entry, query="x", helpful=True)


def test_inquiry_goes_to_the_owner_unit_and_is_read_only_by_its_staff_with_an_audit_entry(
    tax_collection: FaqCollection, section_chief: User, other_officer: User
) -> None:
    inquiry = inquiry_submit(
        collection=tax_collection,
        query="住民票がほしい",
        message="どこで取れますか",
        name="県民 太郎",
        email="taro@example.jp",
    )
    assert inquiry.unit_id == tax_collection.owner_unit_id
    submitted = AuditEntry.objects.get(action="faq.inquiry_submitted")
    assert "県民" not in str(submitted.detail) and "taro" not in str(submitted.detail)
    with pytest.raises(Http404):
        inquiry_for_staff(user=other_officer, inquiry_id=inquiry.pk)
    seen = inquiry_for_staff(user=section_chief, inquiry_id=inquiry.pk)
    assert seen.email == "taro@example.jp"
    viewed = AuditEntry.objects.get(action="faq.inquiry_viewed")
    assert viewed.actor == section_chief and viewed.object_id == str(inquiry.pk)
    assert [i.pk for i in inquiries_for_staff(viewer=section_chief)] == [inquiry.pk]
    assert list(inquiries_for_staff(viewer=other_officer)) == []
    inquiry_status_set(inquiry=seen, status="closed", actor=section_chief)
    assert list(inquiries_for_staff(viewer=section_chief, status="new")) == []


def test_inquiry_goes_to_the_hand_over_unit_when_one_is_set(
    tax_collection: FaqCollection, units: dict[str, OrgUnit]
) -> None:
    FaqCollection.objects.filter(pk=tax_collection.pk).update(handover_unit=units["section"])
    tax_collection.refresh_from_db()
    inquiry = inquiry_submit(collection=tax_collection, message="質問です", email="a@example.jp")
    assert inquiry.unit == units["section"]


def test_inquiry_with_a_bad_email_or_no_message_is_refused(tax_collection: FaqCollection) -> None:
    with pytest.raises(ValidationError) as raised:
        inquiry_submit(collection=tax_collection, message="", email="not-an-email")
    assert {"message", "email"} <= set(raised.value.message_dict)


def test_staff_collections_are_not_found_by_the_public(tax_collection: FaqCollection, resident: User) -> None:
    FaqCollection.objects.filter(pk=tax_collection.pk).update(audience=FaqCollection.Audience.STAFF)
    for user in (None, resident):
        with pytest.raises(Http404):
            collection_for_asker(user=user, slug="tax")


def test_unanswered_and_unhelpful_questions_are_grouped_by_similarity(
    tax_collection: FaqCollection, section_chief: User
) -> None:
    for text in ["住民票の写しがほしい", "住民票の写しが欲しいです", "ゴミの出し方を教えて"]:
        FaqUnansweredQuery.objects.create(
            collection=tax_collection, query=text, vector=vectors_to_bytes(embed_query(text))
        )
    entry = FaqEntry.objects.get(collection=tax_collection, key="moving")
    feedback_record(
        collection=tax_collection, entry=entry, query="住民票の写しはどこでもらえる", helpful=False
    )
    groups = unanswered_groups(collection=tax_collection)
    biggest = groups[0]
    assert {q.text for q in biggest.questions} >= {"住民票の写しがほしい", "住民票の写しが欲しいです"}
    assert all("ゴミ" not in q.text for q in biggest.questions)
    assert sum(group.size for group in groups) == 4
    ids = [q.record_id for q in biggest.questions if q.kind == "unanswered"]
    assert unanswered_resolve(
        collection=tax_collection, query_ids=ids, entry=None, actor=section_chief
    ) == len(ids)
    assert all(
        q.kind != "unanswered" or "住民票" not in q.text
        for g in unanswered_groups(collection=tax_collection)
        for q in g.questions
    )
