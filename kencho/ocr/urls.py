from django.urls import URLPattern, URLResolver, path

from .views import batches, templates

app_name = "ocr"

urlpatterns: list[URLPattern | URLResolver] = [
    path("staff/ocr/", templates.ocr_home, name="home"),
    path("staff/ocr/templates/<int:template_id>/", templates.template_detail, name="template"),
    path("staff/ocr/templates/<int:template_id>/image.png", templates.template_image, name="template_image"),
    path("staff/ocr/templates/<int:template_id>/batches/", batches.batch_upload, name="batch_upload"),
    path("staff/ocr/batches/<uuid:public_id>/", batches.batch_detail, name="batch"),
    path("staff/ocr/batches/<uuid:public_id>/progress.json", batches.batch_progress, name="batch_progress"),
    path(
        "staff/ocr/batches/<uuid:public_id>/archive.pdf", batches.batch_archive_download, name="batch_archive"
    ),
    path("staff/ocr/batches/<uuid:public_id>/pages/<int:number>/", batches.page_review, name="page"),
    path(
        "staff/ocr/batches/<uuid:public_id>/pages/<int:number>/image.png",
        batches.page_image,
        name="page_image",
    ),
]
