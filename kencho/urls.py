from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.static import serve

from kencho.api import api
from kencho.core.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url=static("kencho/favicon.svg"), permanent=True)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("staff/forms/", include("kencho.forms.urls")),
    path("staff/proofread/", include("kencho.assist.proofread.urls")),
    path("staff/opendata/", include("kencho.opendata.staff_urls")),
    path("staff/minutes/", include("kencho.assist.minutes.urls")),
    path("staff/faq/", include("kencho.assist.faq.staff_urls")),
    path("faq/", include("kencho.assist.faq.urls")),
    path("", include("kencho.notices.urls")),
    path("", include("kencho.opendata.ckan.urls")),
    path("", include("kencho.opendata.feed_urls")),
    path("dataset/", include("kencho.opendata.urls")),
    path("", include("kencho.opendata.public_urls")),
    path("", include("kencho.payments.urls")),
    path("", include("kencho.approvals.urls")),
    path("", include("kencho.subsidies.urls")),
    path("", include("kencho.inquiries.urls")),
    path("", include("kencho.ocr.urls")),
    path("", include("kencho.core.urls")),
    path("", include("kencho.procedures.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
