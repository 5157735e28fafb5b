"""Writes: proofreading a document, deciding on findings, the term dictionary and rule switches.
Changes to what every staff member shares (terms, rule switches) are audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kencho.core.audit import audit_record
from kencho.core.models import User

from . import selectors
from .engine import all_rule_ids, proofread
from .models import DocumentKind, ProofreadDocument, RuleSetting, Term
from .uploads import UploadedText

ACCEPTED = "accepted"
IGNORED = "ignored"
DECISIONS = frozenset({ACCEPTED, IGNORED})


def text_proofread(
    *, text: str, document_type: str, rules: list[str] | None = None, markdown: bool = False
) -> list[dict[str, object]]:
    """Findings as dictionaries, with the prefecture's terms and the rules switched on for the
    document type (or exactly `rules`, when given)."""
    findings = proofread(
        text,
        rules=selectors.rules_enabled(document_type) if rules is None else rules,
        terms=selectors.term_entries(),
        markdown=markdown,
    )
    return [finding.as_dict() for finding in findings]


def document_check(*, owner: User, upload: UploadedText, document_type: str) -> ProofreadDocument:
    """Proofread a pasted text or an uploaded file and keep it for the owner to work through."""
    findings = text_proofread(
        text=upload.text, document_type=document_type, markdown=upload.kind == DocumentKind.MARKDOWN
    )
    documents_purge()
    return ProofreadDocument.objects.create(
        owner=owner,
        name=upload.name,
        kind=upload.kind,
        document_type=document_type,
        text=upload.text,
        source=upload.source,
        findings=findings,
    )


def finding_decide(*, document: ProofreadDocument, indices: Iterable[int], decision: str) -> None:
    """Accept, ignore, or (decision "") reopen findings. Only findings with a suggestion are accepted."""
    with transaction.atomic():
        document = ProofreadDocument.objects.select_for_update().get(pk=document.pk)
        for index in indices:
            if not 0 <= index < len(document.findings):
                continue
            if decision == ACCEPTED and document.findings[index].get("suggestion") is None:
                continue
            if decision in DECISIONS:
                document.decisions[str(index)] = decision
            else:
                document.decisions.pop(str(index), None)
        document.save(update_fields=["decisions"])


def documents_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete documents older than KENCHO_PROOFREAD_KEEP_DAYS (default 30); returns how many."""
    days = int(getattr(settings, "KENCHO_PROOFREAD_KEEP_DAYS", 30))
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    deleted, _ = ProofreadDocument.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _clean_variants(preferred: str, variants: Iterable[str]) -> list[str]:
    cleaned = (v.strip() for v in variants)
    return list(dict.fromkeys(v for v in cleaned if v and v != preferred))[:50]


def term_save(
    *,
    actor: User,
    preferred: str,
    variants: Iterable[str],
    note: str = "",
    term: Term | None = None,
    request: HttpRequest | None = None,
) -> Term:
    preferred = preferred.strip()
    with transaction.atomic():
        before = {"preferred": term.preferred, "variants": term.variants} if term else None
        term = term or Term()
        term.preferred = preferred
        term.variants = _clean_variants(preferred, variants)
        term.note = note.strip()[:200]
        term.updated_by = actor
        term.save()
        audit_record(
            action="proofread.term_saved",
            actor=actor,
            obj=term,
            detail={"before": before, "preferred": term.preferred, "variants": term.variants},
            request=request,
        )
    return term


def term_delete(*, actor: User, term: Term, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        audit_record(
            action="proofread.term_deleted",
            actor=actor,
            obj=term,
            detail={"preferred": term.preferred, "variants": term.variants},
            request=request,
        )
        term.delete()


def rule_switches_save(
    *, actor: User, document_type: str, enabled: Iterable[str], request: HttpRequest | None = None
) -> list[str]:
    """Switch the rules of a document type: those in `enabled` on, every other rule off. Returns the
    ids whose setting changed."""
    wanted = set(enabled)
    with transaction.atomic():
        current = selectors.rule_switches(document_type)
        changed = [rule_id for rule_id in all_rule_ids() if current[rule_id] != (rule_id in wanted)]
        for rule_id in changed:
            RuleSetting.objects.update_or_create(
                document_type=document_type,
                rule_id=rule_id,
                defaults={"enabled": rule_id in wanted, "updated_by": actor},
            )
        if changed:
            audit_record(
                action="proofread.rules_switched",
                actor=actor,
                object_type="assist_proofread.rulesetting",
                object_id=document_type,
                detail={"on": sorted(set(changed) & wanted), "off": sorted(set(changed) - wanted)},
                request=request,
            )
    return changed
