"""Reads: which rules are on for a document type, the term dictionary, a staff member's documents."""

from __future__ import annotations

from django.db.models import QuerySet

from kencho.core.models import User

from .engine import rule_on_by_default
from .models import ProofreadDocument, RuleSetting, Term
from .rules import rule_classes
from .terms import TermEntry


def rule_switches(document_type: str) -> dict[str, bool]:
    """Every rule id → whether it is on for the document type (its default unless staff changed it)."""
    stored = dict(RuleSetting.objects.filter(document_type=document_type).values_list("rule_id", "enabled"))
    return {
        cls.plugin_id: stored.get(cls.plugin_id, rule_on_by_default(cls, document_type))
        for cls in rule_classes()
    }


def rules_enabled(document_type: str) -> list[str]:
    return [rule_id for rule_id, on in rule_switches(document_type).items() if on]


def term_entries() -> list[TermEntry]:
    return [TermEntry(t.preferred, tuple(t.variants)) for t in Term.objects.all()]


def terms_for_editing() -> QuerySet[Term]:
    return Term.objects.select_related("updated_by").order_by("preferred")


def documents_of(owner: User) -> QuerySet[ProofreadDocument]:
    return ProofreadDocument.objects.filter(owner=owner).defer("text", "source", "findings")
