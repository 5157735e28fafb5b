"""Meeting minutes (議事録) made from a transcript, and what staff changed in them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kencho.core.models import OrgUnit, User


class Minutes(models.Model):
    """One meeting's minutes: the transcript as uploaded and read, the speaker names staff gave,
    the generated cleaned text, summary and findings, and the staff's edits of each.

    An edited field, when not empty, replaces the generated one in every export. Regenerating (after
    a change of speaker names) rewrites the generated fields and leaves the edits alone."""

    title = models.CharField(_("会議名"), max_length=200)
    meeting_date = models.DateField(_("開催日"), null=True, blank=True)
    place = models.CharField(_("場所"), max_length=200, blank=True)
    attendees = models.TextField(
        _("出席者"), blank=True, help_text=_("1行に1人。「氏名 | 職名」のように縦線で区切ります。")
    )
    owner_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="minutes", verbose_name=_("担当所属")
    )
    # The meeting this record belongs to, once the meetings app exists: its primary key, without a
    # database constraint until then (a later migration turns it into a foreign key).
    meeting_id = models.BigIntegerField(_("会議ID"), null=True, blank=True, db_index=True)

    source_filename = models.CharField(_("元のファイル名"), max_length=255, blank=True)
    transcript_format = models.CharField(_("文字起こしの形式"), max_length=40)
    utterances = models.JSONField(_("発言"), default=list)  # [{"speaker", "text", "start", "end"}]
    speaker_names = models.JSONField(_("発言者名"), default=dict)  # {"田中 一郎": "田中委員"}

    cleaned_text = models.TextField(_("議事録（整文）"), blank=True)
    summary_text = models.TextField(_("発言要旨"), blank=True)
    findings = models.JSONField(_("決定事項・対応事項・継続検討事項"), default=list)
    cleaned_text_edited = models.TextField(_("議事録（整文）の修正"), blank=True)
    summary_text_edited = models.TextField(_("発言要旨の修正"), blank=True)
    findings_edited = models.JSONField(_("決定事項等の修正"), null=True, blank=True)

    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("作成者")
    )
    created_at = models.DateTimeField(_("作成日時"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新日時"), default=timezone.now)

    class Meta:
        ordering = ["-meeting_date", "-created_at"]
        verbose_name = _("議事録")
        verbose_name_plural = _("議事録")
        indexes = [models.Index(fields=["owner_unit", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def final_cleaned_text(self) -> str:
        return self.cleaned_text_edited or self.cleaned_text

    @property
    def final_summary_text(self) -> str:
        return self.summary_text_edited or self.summary_text

    @property
    def final_findings(self) -> list[dict[str, object]]:
        return self.findings_edited if self.findings_edited is not None else self.findings

    @property
    def speakers(self) -> list[str]:
        """Each speaker label of the transcript once, in order of first appearance."""
        return list(dict.fromkeys(u.get("speaker", "") for u in self.utterances if u.get("speaker")))

    def attendee_rows(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.attendees.splitlines():
            name, _bar, title = line.partition("|")
            if name.strip():
                rows.append((name.strip(), title.strip()))
        return rows
