"""Every write to minutes: create from a transcript, name the speakers, edit, and record exports.
Each is atomic and audited with the acting staff member."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kencho.core.audit import audit_record
from kencho.core.models import OrgUnit, User

from .generation import generate_minutes
from .models import Minutes
from .transcript import Transcript, Utterance


def _regenerate(minutes: Minutes) -> None:
    generated = generate_minutes(
        [Utterance.from_dict(u) for u in minutes.utterances],
        speaker_names=minutes.speaker_names,
        meeting_date=minutes.meeting_date,
    )
    minutes.cleaned_text = generated.cleaned_text
    minutes.summary_text = generated.summary_text
    minutes.findings = generated.findings


def minutes_create(
    *,
    actor: User,
    owner_unit: OrgUnit,
    title: str,
    transcript: Transcript,
    source_filename: str = "",
    meeting_date: datetime.date | None = None,
    place: str = "",
    attendees: str = "",
    meeting_id: int | None = None,
    request: HttpRequest | None = None,
) -> Minutes:
    """New minutes from a read transcript, with the cleaned text, summary and findings generated."""
    minutes = Minutes(
        title=title,
        meeting_date=meeting_date,
        place=place,
        attendees=attendees,
        owner_unit=owner_unit,
        meeting_id=meeting_id,
        source_filename=source_filename[:255],
        transcript_format=transcript.format_id,
        utterances=[u.as_dict() for u in transcript.utterances],
        speaker_names={},
        created_by=actor,
    )
    _regenerate(minutes)
    with transaction.atomic():
        minutes.save()
        audit_record(
            action="minutes.created",
            actor=actor,
            obj=minutes,
            unit_code=owner_unit.code,
            request=request,
            detail={
                "title": title,
                "format": transcript.format_id,
                "file": source_filename,
                "utterances": len(transcript.utterances),
            },
        )
    return minutes


def minutes_speakers_name(
    *, minutes: Minutes, actor: User, speaker_names: dict[str, str], request: HttpRequest | None = None
) -> Minutes:
    """Give the transcript's speaker labels names and titles (「田中委員」) and regenerate. Staff edits
    are kept; they still win in exports."""
    known = set(minutes.speakers)
    names = {label: name.strip() for label, name in speaker_names.items() if label in known and name.strip()}
    with transaction.atomic():
        changed = {label: name for label, name in names.items() if minutes.speaker_names.get(label) != name}
        minutes.speaker_names = names
        _regenerate(minutes)
        minutes.updated_at = timezone.now()
        minutes.save()
        audit_record(
            action="minutes.speakers_named",
            actor=actor,
            obj=minutes,
            unit_code=minutes.owner_unit.code,
            request=request,
            detail={"changed": changed},
        )
    return minutes


def minutes_edit(
    *,
    minutes: Minutes,
    actor: User,
    details: dict[str, Any],
    cleaned_text: str,
    summary_text: str,
    findings: list[dict[str, Any]],
    request: HttpRequest | None = None,
) -> Minutes:
    """Save the staff's review: the meeting's details and the texts as they should be exported.
    A text equal to the generated one is stored as not edited, so that regenerating updates it."""
    cleaned_text = cleaned_text.replace("\r\n", "\n").strip()
    summary_text = summary_text.replace("\r\n", "\n").strip()
    before = {
        "cleaned": minutes.final_cleaned_text,
        "summary": minutes.final_summary_text,
        "findings": minutes.final_findings,
    }
    with transaction.atomic():
        for field in ("title", "meeting_date", "place", "attendees"):
            if field in details:
                setattr(minutes, field, details[field])
        minutes.cleaned_text_edited = "" if cleaned_text == minutes.cleaned_text else cleaned_text
        minutes.summary_text_edited = "" if summary_text == minutes.summary_text else summary_text
        generated = [_comparable(f) for f in minutes.findings]
        minutes.findings_edited = None if [_comparable(f) for f in findings] == generated else findings
        minutes.updated_at = timezone.now()
        minutes.save()
        audit_record(
            action="minutes.edited",
            actor=actor,
            obj=minutes,
            unit_code=minutes.owner_unit.code,
            request=request,
            detail={
                "details": {k: str(v) for k, v in details.items()},
                "cleaned_changed": before["cleaned"] != minutes.final_cleaned_text,
                "summary_changed": before["summary"] != minutes.final_summary_text,
                "findings_changed": before["findings"] != minutes.final_findings,
            },
        )
    return minutes


def _comparable(finding: dict[str, Any]) -> tuple[str, str, str, str]:
    """What staff see and edit of a finding: kind, text, and for action items assignee and deadline."""
    due = finding.get("due_date") or finding.get("due_phrase") or ""
    return (
        str(finding.get("kind")),
        str(finding.get("text", "")),
        str(finding.get("assignee", "")),
        str(due),
    )


def minutes_export_record(
    *, minutes: Minutes, actor: User, file_format: str, style: str, request: HttpRequest | None = None
) -> None:
    """Note in the audit log that the minutes left the system as a file."""
    audit_record(
        action="minutes.exported",
        actor=actor,
        obj=minutes,
        unit_code=minutes.owner_unit.code,
        request=request,
        detail={"format": file_format, "style": style},
    )
