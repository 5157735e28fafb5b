from django.urls import path

from .views import public

app_name = "opendata"

urlpatterns = [
    path("", public.catalogue, name="catalogue"),
    path("<slug:name>/", public.dataset, name="dataset"),
    path("<uuid:dataset_id>/resource/<uuid:resource_id>/", public.resource, name="resource"),
    path(
        "<uuid:dataset_id>/resource/<uuid:resource_id>/preview.geojson",
        public.resource_geojson,
        name="resource_geojson",
    ),
    path(
        "<uuid:dataset_id>/resource/<uuid:resource_id>/download/<str:filename>",
        public.resource_download,
        name="resource_download",
    ),
]
