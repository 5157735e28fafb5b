"""Batches: every application gets one notice with the next 文書番号, failures are recorded with a
reason, a re-run issues nothing twice, and a cancelled notice keeps its number as 欠番."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from kencho.core.models import AuditEntry

from ..batches import notice_batch_retry, notices_issue_batch
from ..errors import NoticeError
from ..issuing import batch_run
from ..models import BatchStatus, ItemStatus, Notice, NoticeKind, NoticeStatus
from ..selectors import cancelled_numbers, notices_for_applicant
from ..services import notice_cancel
from .conftest import needs_libreoffice
from .documents import docx_text, pdf_text
from .factories import make_applications, make_notice_procedure, make_scheme, make_template

pytestmark = pytest.mark.django_db
DECIDED = datetime.date(2025, 6, 2)


@pytest.fixture
def setup(units: dict[str, Any], officer: Any) -> dict[str, Any]:
    unit = units["section"]
    scheme = make_scheme(unit)
    return {
        "scheme": scheme,
        "grant": make_template(unit, scheme=scheme, actor=officer),
        "rejection": make_template(
            unit, scheme=scheme, kind=NoticeKind.REJECTION, name="不受理通知", actor=officer
        ),
        "applications": make_applications(make_notice_procedure(unit), 6),
        "officer": officer,
    }


def issue(setup: dict[str, Any], capture: Any, template: str = "rejection", **kwargs: Any) -> Any:
    options: dict[str, Any] = {
        "template": setup[template],
        "applications": setup["applications"],
        "actor": setup["officer"],
        "decided_on": DECIDED,
        "with_pdf": False,
        "values": {"理由": "受付期間を過ぎて提出されたため。"},
    }
    options.update(kwargs)
    with capture(execute=True):
        batch = notices_issue_batch(**options)
    batch.refresh_from_db()
    return batch


def test_batch_issues_one_numbered_notice_per_application_in_receipt_order(
    setup, django_capture_on_commit_callbacks
) -> None:
    batch = issue(setup, django_capture_on_commit_callbacks)

    assert (batch.status, batch.total, batch.done, batch.failed) == (BatchStatus.COMPLETED, 6, 6, 0)
    notices = list(Notice.objects.order_by("sequence"))
    assert [n.number for n in notices] == [f"三重県指令 環第{i}号" for i in range(1, 7)]
    receipts = [n.application.receipt_number for n in notices]
    assert receipts == sorted(receipts)
    assert all(n.template_version == setup["rejection"].versions.get() for n in notices)
    assert all(n.issued_by == setup["officer"] and n.year == 2025 for n in notices)
    text = docx_text(notices[0].docx.read())
    assert "三重県指令 環第1号" in text and "令和7年6月2日" in text and "受付期間を過ぎて" in text
    assert AuditEntry.objects.filter(action="notices.notice_issued").count() == 6
    assert AuditEntry.objects.filter(action="notices.batch_finished").count() == 1


def test_per_application_values_reach_their_own_notice(setup, django_capture_on_commit_callbacks) -> None:
    first, second = setup["applications"][:2]
    batch = issue(
        setup,
        django_capture_on_commit_callbacks,
        template="grant",
        applications=[first, second],
        values={"条件": "実績報告を提出すること。"},
        item_values={first.pk: {"決定額": 1_200_000}, second.pk: {"amount": "800000"}},
    )
    assert batch.done == 2
    texts = {n.application_id: docx_text(n.docx.read()) for n in Notice.objects.all()}
    assert "1,200,000円" in texts[first.pk]
    assert "800,000円" in texts[second.pk]


def test_an_item_without_its_value_fails_with_the_reason_and_uses_no_number(
    setup, django_capture_on_commit_callbacks
) -> None:
    apps = setup["applications"][:3]
    batch = issue(
        setup,
        django_capture_on_commit_callbacks,
        template="grant",
        applications=apps,
        values={"条件": "なし"},
        item_values={apps[0].pk: {"決定額": 1}, apps[2].pk: {"決定額": 3}},
    )
    assert (batch.status, batch.done, batch.failed) == (BatchStatus.COMPLETED_WITH_FAILURES, 2, 1)
    failed = batch.items.get(status=ItemStatus.FAILED)
    assert failed.application == apps[1]
    assert "決定額" in failed.error_message
    assert sorted(n or 0 for n in Notice.objects.values_list("sequence", flat=True)) == [1, 2]


def test_running_a_finished_batch_again_issues_nothing_more(
    setup, django_capture_on_commit_callbacks
) -> None:
    batch = issue(setup, django_capture_on_commit_callbacks)
    batch_run(batch_id=batch.pk)
    batch_run(batch_id=batch.pk)
    assert Notice.objects.count() == 6
    assert Notice.objects.order_by("-sequence").first().sequence == 6  # type: ignore[union-attr]


def test_a_run_that_stopped_half_way_resumes_where_it_stopped(
    setup, django_capture_on_commit_callbacks, monkeypatch, settings
) -> None:
    settings.KENCHO_NOTICES_CHUNK_SIZE = 2
    from .. import issuing

    real = issuing._issue_chunk
    calls = {"n": 0}

    def stop_after_two_chunks(*args: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("worker killed")
        real(*args)

    monkeypatch.setattr(issuing, "_issue_chunk", stop_after_two_chunks)
    with pytest.raises(SystemExit):
        issue(setup, django_capture_on_commit_callbacks)
    monkeypatch.setattr(issuing, "_issue_chunk", real)
    batch = setup["rejection"].batches.get()
    assert (batch.status, batch.done) == (BatchStatus.RUNNING, 4)

    batch = batch_run(batch_id=batch.pk)
    assert (batch.status, batch.done) == (BatchStatus.COMPLETED, 6)
    assert sorted(n or 0 for n in Notice.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_progress_is_reported_after_each_chunk(setup, django_capture_on_commit_callbacks, settings) -> None:
    settings.KENCHO_NOTICES_BATCH_RUNNER = "thread"  # scheduled but not run: this test runs it
    batch = issue(setup, lambda execute: django_capture_on_commit_callbacks(execute=False))
    settings.KENCHO_NOTICES_CHUNK_SIZE = 4
    seen: list[tuple[int, int]] = []
    batch_run(batch_id=batch.pk, progress=lambda b: seen.append((b.done, b.total)))
    assert seen == [(4, 6), (6, 6)]


def test_failed_items_can_be_made_again(setup, django_capture_on_commit_callbacks) -> None:
    batch = issue(setup, django_capture_on_commit_callbacks, values={})  # 理由 missing: every item fails
    assert (batch.done, batch.failed) == (0, 6)
    batch.values = {"理由": "後から入力した理由"}
    batch.save(update_fields=["values"])
    with django_capture_on_commit_callbacks(execute=True):
        assert notice_batch_retry(batch=batch, actor=setup["officer"]) == 6
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.failed) == (BatchStatus.COMPLETED, 6, 0)


def test_applications_with_an_issued_notice_are_not_issued_twice_by_mistake(
    setup, django_capture_on_commit_callbacks
) -> None:
    issue(setup, django_capture_on_commit_callbacks)
    with pytest.raises(NoticeError) as caught:
        issue(setup, django_capture_on_commit_callbacks)
    assert caught.value.code == "already_issued"
    batch = issue(setup, django_capture_on_commit_callbacks, allow_reissue=True)
    assert batch.done == 6 and Notice.objects.count() == 12


def test_other_units_applications_and_unknown_values_are_refused(
    setup, units, django_capture_on_commit_callbacks
) -> None:
    other = make_applications(make_notice_procedure(units["other"], slug="other-unit"), 1)
    with pytest.raises(NoticeError) as caught:
        issue(setup, django_capture_on_commit_callbacks, applications=other)
    assert caught.value.code == "other_unit"
    with pytest.raises(NoticeError) as caught:
        issue(setup, django_capture_on_commit_callbacks, values={"申請者氏名": "上書き"})
    assert caught.value.code == "unknown_value"


def test_cancelled_notice_keeps_its_number_as_a_gap_with_the_reason(
    setup, django_capture_on_commit_callbacks
) -> None:
    issue(setup, django_capture_on_commit_callbacks)
    notice = Notice.objects.get(sequence=3)
    with pytest.raises(NoticeError):
        notice_cancel(notice=notice, actor=setup["officer"], reason="  ")
    notice_cancel(notice=notice, actor=setup["officer"], reason="宛名の誤り")

    gaps = list(cancelled_numbers(scheme=setup["scheme"], year=2025))
    assert [(n.number, n.cancel_reason) for n in gaps] == [("三重県指令 環第3号", "宛名の誤り")]
    assert notices_for_applicant(application=notice.application) == []
    # The next notice does not reuse number 3.
    batch = issue(setup, django_capture_on_commit_callbacks, applications=[notice.application])
    assert batch.notices.get().sequence == 7
    with pytest.raises(NoticeError):
        notice_cancel(notice=notice, actor=setup["officer"], reason="二度目")


def test_a_template_without_a_scheme_issues_unnumbered_notices(
    units, officer, django_capture_on_commit_callbacks
) -> None:
    unit = units["section"]
    setup = {
        "receipt": make_template(unit, scheme=None, kind=NoticeKind.REJECTION, name="受領書", actor=officer),
        "applications": make_applications(make_notice_procedure(unit), 2),
        "officer": officer,
    }
    batch = issue(setup, django_capture_on_commit_callbacks, template="receipt")
    assert batch.done == 2
    assert set(Notice.objects.values_list("number", "sequence")) == {("", None)}


@needs_libreoffice
def test_batch_with_pdfs_records_each_pdfs_hash(setup, django_capture_on_commit_callbacks) -> None:
    import hashlib

    batch = issue(
        setup, django_capture_on_commit_callbacks, with_pdf=True, applications=setup["applications"][:5]
    )
    assert (batch.done, batch.failed) == (5, 0)
    for notice in Notice.objects.order_by("sequence"):
        pdf = notice.pdf.read()
        assert notice.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
        assert f"三重県指令環第{notice.sequence}号" in pdf_text(pdf)
        assert notice.application.applicant_name.replace(" ", "") in pdf_text(pdf)


def test_pdf_failures_are_recorded_and_free_their_numbers(
    setup, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    from .. import issuing

    broken = setup["applications"][1].receipt_number

    def second_pdf_missing(documents: list[bytes]) -> list[bytes | None]:
        return [None if broken in docx_text(d) else b"%PDF-fake" for d in documents]

    monkeypatch.setattr(issuing, "docx_to_pdf_many", second_pdf_missing)
    batch = issue(
        setup, django_capture_on_commit_callbacks, with_pdf=True, applications=setup["applications"][:3]
    )
    monkeypatch.undo()
    assert (batch.done, batch.failed) == (2, 1)
    assert "PDF" in batch.items.get(status=ItemStatus.FAILED).error_message
    assert sorted(n or 0 for n in Notice.objects.values_list("sequence", flat=True)) == [1, 2]


def test_without_libreoffice_a_pdf_batch_is_refused_clearly(
    setup, settings, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    monkeypatch.setattr("kencho.notices.batches.soffice_path", lambda: None)
    with pytest.raises(NoticeError) as caught:
        issue(setup, django_capture_on_commit_callbacks, with_pdf=True)
    assert caught.value.code == "pdf_unavailable"
    assert "LibreOffice" in str(caught.value.message)


def test_applicant_sees_issued_notices_with_links(setup, django_capture_on_commit_callbacks) -> None:
    issue(setup, django_capture_on_commit_callbacks)
    application = setup["applications"][0]
    links = notices_for_applicant(application=application, secret="s3cret")
    assert [(link.title, link.number) for link in links] == [("不受理通知", "三重県指令 環第1号")]
    assert links[0].docx_url.endswith(".docx?key=s3cret")
    assert Notice.objects.get(application=application).status == NoticeStatus.ISSUED
