from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from kencho.api import api
from kencho.core.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("staff/forms/", include("kencho.forms.urls")),
    path("", include("kencho.core.urls")),
    path("", include("kencho.procedures.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
