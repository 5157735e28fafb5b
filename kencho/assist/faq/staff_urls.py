"""Staff pages of the FAQ, mounted at /staff/faq/ (namespace "faq_staff")."""

from django.urls import path

from .views import inquiries, staff, transfer

app_name = "faq_staff"

urlpatterns = [
    path("", staff.collection_list, name="collection_list"),
    path("inquiries/", inquiries.inquiry_list, name="inquiry_list"),
    path("inquiries/<int:inquiry_id>/", inquiries.inquiry_detail, name="inquiry"),
    path("<slug:collection>/", staff.collection_detail, name="collection"),
    path("<slug:collection>/questions/", staff.question_groups, name="questions"),
    path("<slug:collection>/questions/dismiss/", staff.questions_dismiss, name="questions_dismiss"),
    path("<slug:collection>/entries/new/", staff.entry_create, name="entry_create"),
    path("<slug:collection>/entries/<slug:key>/", staff.entry_edit, name="entry_edit"),
    path("<slug:collection>/entries/<slug:key>/delete/", staff.entry_delete_view, name="entry_delete"),
    path("<slug:collection>/import/", transfer.entries_import_view, name="import"),
    path("<slug:collection>/export.<str:fmt>", transfer.entries_export, name="export"),
    path("<slug:collection>/progress.json", transfer.embedding_progress_view, name="progress"),
]
