"""Staff forms: upload a transcript, name the speakers, review and edit before export."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kencho.core.japanese.wareki import InvalidDate, parse_date
from kencho.core.models import OrgUnit

from .detection import read_transcript
from .record_text import findings_to_lines, lines_to_findings
from .style import max_upload_bytes
from .transcript import Transcript, TranscriptError

_TEXT = {"class": "input--wide"}


class MeetingDateField(forms.DateField):
    """A date typed as 2025-12-03, 2025/12/3, 令和7年12月3日 or R7.12.3."""

    widget = forms.DateInput(attrs={"inputmode": "text", "autocomplete": "off"}, format="%Y-%m-%d")

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(str(value))
        except InvalidDate:
            raise forms.ValidationError(
                _("日付は 2025-12-03 や 令和7年12月3日 の形で入力してください。"), code="invalid"
            ) from None


class DetailsForm(forms.Form):
    title = forms.CharField(label=_("会議名"), max_length=200, help_text=_("例: 健康福祉病院常任委員会"))
    meeting_date = MeetingDateField(
        label=_("開催日"), required=False, help_text=_("例: 2025-12-03 または 令和7年12月3日")
    )
    place = forms.CharField(label=_("場所"), max_length=200, required=False)
    attendees = forms.CharField(
        label=_("出席者"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("1行に1人。「氏名 | 職名」のように縦線で区切ります。"),
    )


class UploadForm(DetailsForm):
    owner_unit = forms.ModelChoiceField(label=_("担当所属"), queryset=OrgUnit.objects.none())
    transcript = forms.FileField(
        label=_("文字起こしファイル"),
        help_text=_(
            "Teams・Zoom などの文字起こし（.vtt、.srt、.docx、.txt）。「氏名：発言」や「○議長（氏名君）」の"
            "形のテキストも読み込めます。"
        ),
    )
    meeting_id = forms.IntegerField(
        label=_("会議ID"),
        required=False,
        min_value=1,
        help_text=_("会議管理の会議に結び付けるときに入力します。"),
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["owner_unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        unit_field.queryset = units
        if units.count() == 1:
            unit_field.initial = units.first()
        self.read: Transcript | None = None  # the transcript as read, once the form is valid

    def clean_transcript(self) -> Any:
        upload = self.cleaned_data["transcript"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                _("ファイルが大きすぎます（上限 %(limit)d MB）。")
                % {"limit": max_upload_bytes() // (1024 * 1024)},
                code="too_large",
            )
        try:
            self.read = read_transcript(upload.read())
        except TranscriptError as error:
            raise forms.ValidationError(error.message_for(get_language()), code=error.code) from None
        return upload


class SpeakersForm(forms.Form):
    """One field per speaker label of the transcript: the name and title to print (「田中委員」)."""

    def __init__(self, *args: Any, speakers: list[str], names: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.labels: dict[str, str] = {}
        for index, label in enumerate(speakers):
            key = f"speaker_{index}"
            self.labels[key] = label
            self.fields[key] = forms.CharField(
                label=label, required=False, max_length=100, initial=names.get(label, "")
            )

    def speaker_names(self) -> dict[str, str]:
        return {label: self.cleaned_data.get(key, "") for key, label in self.labels.items()}


class EditForm(DetailsForm):
    cleaned_text = forms.CharField(
        label=_("議事録（整文）"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_("発言ごとに「○発言者　発言」の形で、空行で区切ります。"),
    )
    summary_text = forms.CharField(
        label=_("発言要旨"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    decisions = forms.CharField(
        label=_("決定事項"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("1行に1件。"),
    )
    action_items = forms.CharField(
        label=_("対応事項"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("1行に1件。「内容 | 担当 | 期限」のように縦線で区切ります。"),
    )
    open_questions = forms.CharField(
        label=_("継続検討事項"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("1行に1件。"),
    )

    @staticmethod
    def initial_for(minutes: Any) -> dict[str, Any]:
        findings = minutes.final_findings
        return {
            "title": minutes.title,
            "meeting_date": minutes.meeting_date,
            "place": minutes.place,
            "attendees": minutes.attendees,
            "cleaned_text": minutes.final_cleaned_text,
            "summary_text": minutes.final_summary_text,
            "decisions": findings_to_lines(findings, "decision"),
            "action_items": findings_to_lines(findings, "action"),
            "open_questions": findings_to_lines(findings, "open_question"),
        }

    def findings(self) -> list[dict[str, Any]]:
        return [
            *lines_to_findings("decision", self.cleaned_data["decisions"]),
            *lines_to_findings("action", self.cleaned_data["action_items"]),
            *lines_to_findings("open_question", self.cleaned_data["open_questions"]),
        ]

    def details(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("title", "meeting_date", "place", "attendees")}
