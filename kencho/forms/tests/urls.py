"""The form builder mounted where the project mounts it, with the pages the shared layout links to."""

from django.urls import include, path

urlpatterns = [
    path("staff/forms/", include("kencho.forms.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("kencho.core.urls")),
    path("", include("kencho.procedures.urls")),
]
