"""A document is seen only by the staff member who proofread it."""

from __future__ import annotations

import uuid

from django.http import Http404

from kencho.core.models import User

from .models import ProofreadDocument, Term


def document_for(*, user: User, document_id: uuid.UUID) -> ProofreadDocument:
    document = ProofreadDocument.objects.filter(pk=document_id, owner=user).first()
    if document is None:
        raise Http404("no such document")
    return document


def term_for(*, user: User, term_id: int) -> Term:
    """Any staff member may edit the shared term dictionary; the views are behind staff_required."""
    if user.kind != User.Kind.STAFF:
        raise Http404("no such term")
    term = Term.objects.filter(pk=term_id).first()
    if term is None:
        raise Http404("no such term")
    return term
