"""The submission PDF: the answers as a tagged, readable document with a Japanese font."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from kencho.forms.display import answers_display

from .models import Application


def application_pdf_bytes(application: Application) -> bytes:
    from weasyprint import HTML  # heavy: imported only when a PDF is made

    language = application.language
    with translation.override(language):
        html = render_to_string(
            "procedures/application_pdf.html",
            {
                "application": application,
                "procedure": application.procedure,
                "pages": answers_display(
                    application.form_version.schema, application.data, language=language
                ),
                "generated_at": timezone.localtime(),
                "language": language,
            },
        )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
