"""Staff pages for minutes: list, upload, name speakers, review and edit, export. Plain forms that
work without JavaScript; every fetch goes through access.py."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kencho.core.models import User
from kencho.core.permissions import staff_required

from . import access, selectors, services
from .exports.content import STYLES, MinutesContent, minutes_content
from .exports.markdown import minutes_markdown
from .exports.word import minutes_docx
from .forms import EditForm, SpeakersForm, UploadForm
from .models import Minutes
from .record_text import text_to_turns

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@staff_required
@require_GET
def minutes_list(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    return render(request, "minutes/list.html", {"minutes_list": selectors.minutes_list(viewer=user)[:200]})


@staff_required
@require_http_methods(["GET", "POST"])
def minutes_upload(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    units = access.units_for_minutes(user)
    form = UploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid() and form.read is not None:
        data = form.cleaned_data
        minutes = services.minutes_create(
            actor=user,
            owner_unit=data["owner_unit"],
            title=data["title"],
            transcript=form.read,
            source_filename=data["transcript"].name,
            meeting_date=data["meeting_date"],
            place=data["place"],
            attendees=data["attendees"],
            meeting_id=data["meeting_id"],
            request=request,
        )
        messages.success(request, _("文字起こしを読み込みました。発言者の名前を確認してください。"))
        return redirect("minutes:speakers", minutes_id=minutes.pk)
    return render(
        request,
        "minutes/upload.html",
        {"form": form, "has_units": units.exists()},
        status=422 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def minutes_speakers(request: HttpRequest, minutes_id: int) -> HttpResponse:
    user = cast(User, request.user)
    minutes = access.minutes_for_staff(user=user, minutes_id=minutes_id)
    form = SpeakersForm(request.POST or None, speakers=minutes.speakers, names=minutes.speaker_names)
    if request.method == "POST" and form.is_valid():
        services.minutes_speakers_name(
            minutes=minutes, actor=user, speaker_names=form.speaker_names(), request=request
        )
        messages.success(request, _("発言者の名前を保存し、議事録を作り直しました。"))
        return redirect("minutes:edit", minutes_id=minutes.pk)
    samples = {u["speaker"]: u["text"][:80] for u in reversed(minutes.utterances) if u.get("speaker")}
    rows = [(form[key], samples.get(label, "")) for key, label in form.labels.items()]
    return render(
        request,
        "minutes/speakers.html",
        {"minutes": minutes, "form": form, "rows": rows},
        status=422 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, minutes_id: int) -> HttpResponse:
    user = cast(User, request.user)
    minutes = access.minutes_for_staff(user=user, minutes_id=minutes_id)
    form = EditForm(request.POST or None, initial=EditForm.initial_for(minutes))
    if request.method == "POST" and form.is_valid():
        services.minutes_edit(
            minutes=minutes,
            actor=user,
            details=form.details(),
            cleaned_text=form.cleaned_data["cleaned_text"],
            summary_text=form.cleaned_data["summary_text"],
            findings=form.findings(),
            request=request,
        )
        messages.success(request, _("議事録を保存しました。"))
        return redirect("minutes:detail", minutes_id=minutes.pk)
    return render(
        request,
        "minutes/edit.html",
        {"minutes": minutes, "form": form, "sources": _finding_sources(minutes)},
        status=422 if form.errors else 200,
    )


def _finding_sources(minutes: Minutes) -> list[dict[str, object]]:
    """The generated findings with the sentence each was found in, for staff to check."""
    turns = text_to_turns(minutes.cleaned_text)
    sources = []
    for finding in minutes.findings:
        index = int(finding.get("turn", -1))
        turn = turns[index] if 0 <= index < len(turns) else None
        sources.append({**finding, "turn_number": index + 1, "turn_speaker": turn.speaker if turn else ""})
    return sources


@staff_required
@require_GET
def minutes_detail(request: HttpRequest, minutes_id: int) -> HttpResponse:
    user = cast(User, request.user)
    minutes = access.minutes_for_staff(user=user, minutes_id=minutes_id)
    content = _content(minutes, "verbatim")
    summary = text_to_turns(minutes.final_summary_text)
    return render(
        request, "minutes/detail.html", {"minutes": minutes, "content": content, "summary": summary}
    )


def _content(minutes: Minutes, style: str) -> MinutesContent:
    return minutes_content(
        title=minutes.title,
        meeting_date=minutes.meeting_date,
        place=minutes.place,
        attendees=minutes.attendee_rows(),
        style=style,
        text=minutes.final_summary_text if style == "summary" else minutes.final_cleaned_text,
        findings=minutes.final_findings,
    )


@staff_required
@require_GET
def minutes_export(request: HttpRequest, minutes_id: int, file_format: str) -> HttpResponse:
    user = cast(User, request.user)
    minutes = access.minutes_for_staff(user=user, minutes_id=minutes_id)
    style = request.GET.get("style", "verbatim")
    if style not in STYLES or file_format not in {"docx", "md"}:
        return render(request, "minutes/bad_export.html", {"minutes": minutes}, status=400)
    content = _content(minutes, style)
    services.minutes_export_record(
        minutes=minutes, actor=user, file_format=file_format, style=style, request=request
    )
    name = f"minutes-{minutes.pk}-{slugify(style)}.{file_format}"
    if file_format == "docx":
        response = HttpResponse(minutes_docx(content), content_type=DOCX_TYPE)
    else:
        response = HttpResponse(minutes_markdown(content), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
