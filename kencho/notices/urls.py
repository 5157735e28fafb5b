from django.urls import path

from .views import batches, downloads, templates

app_name = "notices"

urlpatterns = [
    path("staff/notices/", templates.notices_home, name="home"),
    path("staff/notices/schemes/", templates.scheme_list, name="schemes"),
    path("staff/notices/templates/new/", templates.template_upload, name="template_upload"),
    path("staff/notices/templates/<int:template_id>/", templates.template_detail, name="template"),
    path(
        "staff/notices/templates/<int:template_id>/versions/",
        templates.template_version_upload,
        name="template_version_upload",
    ),
    path(
        "staff/notices/templates/<int:template_id>/settings/",
        templates.template_settings,
        name="template_settings",
    ),
    path(
        "staff/notices/templates/<int:template_id>/preview.<str:file_format>",
        templates.template_preview,
        name="template_preview",
    ),
    path("staff/notices/templates/<int:template_id>/issue/", batches.batch_create, name="batch_create"),
    path("staff/notices/batches/<uuid:public_id>/", batches.batch_detail, name="batch"),
    path(
        "staff/notices/batches/<uuid:public_id>/progress.json", batches.batch_progress, name="batch_progress"
    ),
    path("staff/notices/batches/<uuid:public_id>/resume/", batches.batch_resume, name="batch_resume"),
    path("staff/notices/issued/<uuid:public_id>/cancel/", batches.notice_cancel, name="notice_cancel"),
    path("notices/<uuid:public_id>.<str:file_format>", downloads.notice_download, name="download"),
]
