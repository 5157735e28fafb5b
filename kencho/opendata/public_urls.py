"""Publishers and groups at CKAN's paths, /organization/<name>/ and /group/<name>/. Included at the
site's root (the dataset pages are in urls.py, included at /dataset/)."""

from django.urls import path

from .views import public

app_name = "opendata_public"

urlpatterns = [
    path("organization/", public.organization_list, name="organization_list"),
    path("organization/<slug:name>/", public.organization, name="organization"),
    path("group/", public.group_list, name="group_list"),
    path("group/<slug:name>/", public.group, name="group"),
]
