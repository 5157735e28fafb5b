"""Staff pages: paste or upload a document, work through the findings, download the corrected file;
the term dictionary and the rule switches. Every page works without JavaScript (forms post and
redirect); proofread.js only saves the round trip when accepting or ignoring."""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kencho.core.i18n import current_language
from kencho.core.models import User
from kencho.core.permissions import staff_required

from . import access, selectors, services
from .document_types import DocumentType
from .downloads import corrected_file, formats_for
from .forms import StartForm, TermForm
from .highlight import pieces
from .models import DocumentKind
from .rules import rule_classes
from .uploads import UploadedText, UploadRejected, check_text_length, read_document


def _viewer(request: HttpRequest) -> User:
    return cast(User, request.user)


@staff_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    form = StartForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                upload = _upload(form)
            except UploadRejected as rejected:
                form.add_error(
                    None, rejected.message_en if current_language() == "en" else rejected.message_ja
                )
                status = 413 if rejected.code in {"too_large", "too_long"} else 422
            else:
                document = services.document_check(
                    owner=_viewer(request), upload=upload, document_type=form.cleaned_data["document_type"]
                )
                return redirect("proofread:document", document_id=document.pk)
    recent = selectors.documents_of(_viewer(request))[:10]
    return render(request, "proofread/start.html", {"form": form, "recent": recent}, status=status)


def _upload(form: StartForm) -> UploadedText:
    file = form.cleaned_data.get("file")
    if file:
        return read_document(file.name or "document", file.read())
    text = form.cleaned_data["text"].replace("\r\n", "\n")
    check_text_length(text)
    return UploadedText(name=_("貼り付けた文章") + ".txt", kind=DocumentKind.TEXT, text=text, source=None)


@staff_required
@require_GET
def document_detail(request: HttpRequest, document_id: uuid.UUID) -> HttpResponse:
    document = access.document_for(user=_viewer(request), document_id=document_id)
    language = current_language()
    findings = [
        {
            "index": index,
            "number": index + 1,
            "line": document.text.count("\n", 0, f["start"]) + 1,
            "found": document.text[f["start"] : f["end"]],
            "message": f["message"][language],
            "suggestion": f["suggestion"],
            "rule": f["rule"],
            "decision": document.decisions.get(str(index), ""),
        }
        for index, f in enumerate(document.findings)
    ]
    titles = {cls.plugin_id: (cls.title.en if language == "en" else cls.title.ja) for cls in rule_classes()}
    for finding in findings:
        finding["rule_title"] = titles.get(finding["rule"], finding["rule"])
    return render(
        request,
        "proofread/document.html",
        {
            "document": document,
            "findings": findings,
            "pieces": pieces(document.text, document.findings, document.decisions),
            "formats": formats_for(document),
            "accepted_count": sum(1 for d in document.decisions.values() if d == services.ACCEPTED),
            "open_count": len(findings) - len(document.decisions),
        },
    )


@staff_required
@require_POST
def decide(request: HttpRequest, document_id: uuid.UUID) -> HttpResponse:
    document = access.document_for(user=_viewer(request), document_id=document_id)
    decision = request.POST.get("decision", "")
    if decision not in {*services.DECISIONS, ""}:
        decision = ""
    if request.POST.get("index") == "all":
        indices = [i for i in range(len(document.findings)) if str(i) not in document.decisions]
    else:
        try:
            indices = [int(request.POST.get("index", ""))]
        except ValueError:
            indices = []
    services.finding_decide(document=document, indices=indices, decision=decision)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"decision": decision, "indices": indices})
    anchor = f"#finding-{indices[0] + 1}" if len(indices) == 1 else ""
    return redirect(reverse("proofread:document", args=[document.pk]) + anchor)


@staff_required
@require_GET
def download(request: HttpRequest, document_id: uuid.UUID, fmt: str) -> HttpResponse:
    document = access.document_for(user=_viewer(request), document_id=document_id)
    try:
        result = corrected_file(document, fmt)
    except ValueError:
        messages.error(request, _("この形式ではダウンロードできません。"))
        return redirect("proofread:document", document_id=document.pk)
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(result.filename)}"
    response["X-Proofread-Skipped"] = str(result.skipped)
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@staff_required
@require_http_methods(["GET", "POST"])
def terms(request: HttpRequest) -> HttpResponse:
    form = TermForm(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        services.term_save(
            actor=_viewer(request),
            preferred=form.cleaned_data["preferred"],
            variants=form.variants(),
            note=form.cleaned_data["note"],
            request=request,
        )
        messages.success(request, _("用語を登録しました。"))
        return redirect("proofread:terms")
    entries = [
        (term, TermForm(instance=term, prefix=f"t{term.pk}")) for term in selectors.terms_for_editing()
    ]
    status = 422 if request.method == "POST" else 200
    return render(request, "proofread/terms.html", {"form": form, "entries": entries}, status=status)


@staff_required
@require_POST
def term_update(request: HttpRequest, term_id: int) -> HttpResponse:
    term = access.term_for(user=_viewer(request), term_id=term_id)
    if request.POST.get("delete"):
        services.term_delete(actor=_viewer(request), term=term, request=request)
        messages.success(request, _("用語を削除しました。"))
        return redirect("proofread:terms")
    form = TermForm(request.POST, instance=term, prefix=f"t{term.pk}")
    if form.is_valid():
        services.term_save(
            actor=_viewer(request),
            term=term,
            preferred=form.cleaned_data["preferred"],
            variants=form.variants(),
            note=form.cleaned_data["note"],
            request=request,
        )
        messages.success(request, _("用語を更新しました。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("proofread:terms")


@staff_required
@require_http_methods(["GET", "POST"])
def rule_settings(request: HttpRequest) -> HttpResponse:
    document_type = request.POST.get("document_type") or request.GET.get("type") or DocumentType.PUBLIC_NOTICE
    if document_type not in DocumentType.values:
        document_type = DocumentType.PUBLIC_NOTICE
    if request.method == "POST":
        services.rule_switches_save(
            actor=_viewer(request),
            document_type=document_type,
            enabled=request.POST.getlist("rules"),
            request=request,
        )
        messages.success(request, _("規則の設定を保存しました。"))
        return redirect(reverse("proofread:rules") + f"?type={document_type}")
    switches = selectors.rule_switches(document_type)
    language = current_language()
    rows = [
        {
            "id": cls.plugin_id,
            "title": cls.title.en if language == "en" else cls.title.ja,
            "on": switches[cls.plugin_id],
        }
        for cls in rule_classes()
    ]
    return render(
        request,
        "proofread/rules.html",
        {"rows": rows, "document_type": document_type, "document_types": DocumentType.choices},
    )
