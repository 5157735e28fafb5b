"""Staff pages of the catalogue, mounted at /staff/opendata/ (namespace "opendata_staff")."""

from django.urls import path

from .views import staff

app_name = "opendata_staff"

urlpatterns = [
    path("", staff.dataset_list, name="dataset_list"),
    path("new/", staff.dataset_create, name="dataset_create"),
    path("<uuid:dataset_id>/", staff.dataset_detail, name="dataset"),
    path("<uuid:dataset_id>/edit/", staff.dataset_edit, name="dataset_edit"),
    path("<uuid:dataset_id>/publish/", staff.dataset_publish, name="dataset_publish"),
    path("<uuid:dataset_id>/delete/", staff.dataset_delete, name="dataset_delete"),
    path("<uuid:dataset_id>/history/", staff.dataset_history, name="dataset_history"),
    path("<uuid:dataset_id>/history/compare/", staff.dataset_compare, name="dataset_compare"),
    path("<uuid:dataset_id>/resources/new/", staff.resource_create, name="resource_create"),
    path("<uuid:dataset_id>/resources/<uuid:resource_id>/", staff.resource_detail, name="resource"),
    path("<uuid:dataset_id>/resources/<uuid:resource_id>/edit/", staff.resource_edit, name="resource_edit"),
    path(
        "<uuid:dataset_id>/resources/<uuid:resource_id>/delete/",
        staff.resource_delete,
        name="resource_delete",
    ),
]
