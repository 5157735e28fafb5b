from __future__ import annotations

from celery import shared_task
from django.core.files.base import ContentFile

from .models import Application


@shared_task(acks_late=True)
def application_render_pdf(application_id: int) -> str:
    """Render and store the submission PDF. Idempotent: a retried task overwrites with the same content."""
    from .documents import application_pdf_bytes

    application = Application.objects.select_related("procedure", "form_version", "unit").get(
        pk=application_id
    )
    content = application_pdf_bytes(application)
    if application.pdf:
        application.pdf.delete(save=False)
    application.pdf.save(f"{application.receipt_number}.pdf", ContentFile(content), save=False)
    Application.objects.filter(pk=application.pk).update(pdf=application.pdf.name)
    return application.pdf.name or ""
