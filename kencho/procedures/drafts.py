"""Filling in a form over several pages: drafts, saved page by page, then submitted once."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kencho.core.models import User
from kencho.forms.definition import page_keys
from kencho.forms.selectors import form_version_current
from kencho.forms.uploads import upload_resolver
from kencho.forms.validation import FieldError, validate_answers

from . import errors
from .links import local_path_ok
from .models import Draft, Procedure
from .services import SubmitResult, applicant_check, application_submit


def draft_start(
    *,
    procedure: Procedure,
    owner: User | None,
    session_key: str,
    return_url: str = "",
    return_label_ja: str = "",
    return_label_en: str = "",
) -> Draft:
    """Begin filling in a procedure's form. Guests only where the procedure allows them; people with
    an account once their e-mail address is confirmed.

    A flow that starts the draft for the person (a subsidy case, say) may give `return_url`, a path
    on this site, with its label: the completion and status pages then link there. Anything that is
    not a local path is refused (`invalid_return_url`), so the link cannot lead to another site."""
    if owner is not None and not owner.is_authenticated:
        owner = None
    if return_url and not local_path_ok(return_url):
        raise errors.link_error("return_url")
    applicant_check(procedure=procedure, applicant=owner)
    if not procedure.is_published or not procedure.is_open():
        raise errors.closed_error()
    version = form_version_current(procedure.form)
    if version is None:
        raise errors.closed_error()
    return Draft.objects.create(
        procedure=procedure,
        form_version=version,
        owner=owner,
        session_key="" if owner is not None else session_key,
        return_url=return_url,
        return_label_ja=return_label_ja[:200] if return_url else "",
        return_label_en=return_label_en[:200] if return_url else "",
    )


def draft_save_page(
    *, draft: Draft, page_key: str, page_answers: dict[str, Any], validate: bool, session_key: str = ""
) -> list[FieldError]:
    """Store one page's answers. With `validate`, check that page and mark it complete when valid;
    without, keep what was typed (save as draft) so the person can come back to it."""
    schema = draft.form_version.schema
    merged = {**draft.data, **page_answers}
    field_errors: list[FieldError] = []
    if validate:
        resolver = upload_resolver(owner=draft.owner, session_key=session_key or draft.session_key)
        result = validate_answers(schema, merged, pages=[page_key], strict=False, uploads=resolver)
        field_errors = result.errors
        if result.ok:
            for key in page_answers:
                if key in result.data:
                    merged[key] = result.data[key]
                else:
                    merged.pop(key, None)  # a field hidden by a condition keeps no answer
    with transaction.atomic():
        draft.data = merged
        completed = [p for p in draft.completed_pages if p != page_key]
        if validate and not field_errors:
            completed.append(page_key)
        order = page_keys(schema)
        draft.completed_pages = sorted(set(completed), key=order.index)
        draft.save(update_fields=["data", "completed_pages", "updated_at"])
    return field_errors


DRAFT_RESUME_DAYS = datetime.timedelta(days=30)


def draft_resume_link_create(*, draft: Draft) -> str:
    """A new secret with which a guest can reopen the draft in another browser; the previous secret
    stops working. Only its hash is kept."""
    secret = secrets.token_urlsafe(24)
    Draft.objects.filter(pk=draft.pk).update(resume_secret_hash=hashlib.sha256(secret.encode()).hexdigest())
    return secret


def draft_resume(*, draft_id: str, secret: str, session_key: str) -> Draft | None:
    """Move a guest's draft to this browser when the secret matches; None otherwise."""
    digest = hashlib.sha256(secret.encode()).hexdigest()
    try:
        draft = Draft.objects.get(
            pk=draft_id,
            owner__isnull=True,
            application__isnull=True,
            updated_at__gte=timezone.now() - DRAFT_RESUME_DAYS,
        )
    except (Draft.DoesNotExist, ValueError, ValidationError):
        return None
    if not draft.resume_secret_hash or not secrets.compare_digest(draft.resume_secret_hash, digest):
        return None
    draft.session_key = session_key
    draft.save(update_fields=["session_key", "updated_at"])
    return draft


def draft_next_page(draft: Draft, after: str | None = None) -> str | None:
    """The first page after `after` (or the first not yet complete); None when the check page is next."""
    keys = page_keys(draft.form_version.schema)
    if after is not None:
        index = keys.index(after) + 1
        return keys[index] if index < len(keys) else None
    for key in keys:
        if key not in draft.completed_pages:
            return key
    return None


def draft_submit(
    *, draft: Draft, applicant: User | None, language: str, session_key: str, request: Any = None
) -> SubmitResult:
    """Submit a draft. The draft's one-time token is the idempotency key, so a double click or a
    retried POST returns the same application."""
    if draft.application is not None:
        return SubmitResult(draft.application, created=False)
    result = application_submit(
        procedure=draft.procedure,
        answers=draft.data,
        applicant=applicant if applicant is not None and applicant.is_authenticated else None,
        language=language,
        idempotency_key=f"web:{draft.submit_token}",
        form_version=draft.form_version,
        strict=False,
        upload_owner=draft.owner,
        upload_session_key=session_key or draft.session_key,
        request=request,
    )
    Draft.objects.filter(pk=draft.pk, application__isnull=True).update(application=result.application)
    return result
