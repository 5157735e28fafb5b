from django.urls import URLPattern, URLResolver, path

from .views import absences, drafting, route

app_name = "approvals"

urlpatterns: list[URLPattern | URLResolver] = [
    path("staff/approvals/", route.inbox, name="inbox"),
    path("staff/approvals/documents/", route.document_list, name="documents"),
    path("staff/approvals/absences/", absences.absences, name="absences"),
    path(
        "staff/approvals/absences/<int:absence_id>/cancel/",
        absences.absence_cancel_view,
        name="absence_cancel",
    ),
    path("staff/approvals/deputies/", absences.deputy_register_view, name="deputy_register"),
    path(
        "staff/approvals/deputies/<int:deputy_id>/cancel/",
        absences.deputy_cancel_view,
        name="deputy_cancel",
    ),
    path("staff/approvals/new/", drafting.document_create, name="create"),
    path("staff/approvals/<int:document_id>/", route.document_detail, name="document"),
    path("staff/approvals/<int:document_id>/edit/", drafting.document_edit, name="edit"),
    path("staff/approvals/<int:document_id>/send/", drafting.document_send, name="send"),
    path("staff/approvals/<int:document_id>/reviewers/", drafting.document_reviewers, name="reviewers"),
    path("staff/approvals/<int:document_id>/attachments/", drafting.document_attachments, name="attachments"),
    path(
        "staff/approvals/<int:document_id>/attachments/<int:attachment_id>/",
        route.attachment_download,
        name="attachment",
    ),
    path("staff/approvals/<int:document_id>/act/", route.document_act, name="act"),
    path(
        "staff/approvals/<int:document_id>/post-review/<int:action_id>/",
        route.post_review,
        name="post_review",
    ),
    path("staff/approvals/<int:document_id>/record.pdf", route.record_download, name="record"),
]
