from django.urls import path

from . import views

app_name = "forms"

urlpatterns = [
    path("", views.definition_list, name="definition_list"),
    path("new/", views.definition_create, name="definition_create"),
    path("import/", views.definition_import, name="definition_import"),
    path("<slug:slug>/", views.definition_detail, name="definition_detail"),
    path("<slug:slug>/export.json", views.definition_export, name="definition_export"),
    path("<slug:slug>/drafts/", views.draft_create, name="draft_create"),
    path("<slug:slug>/versions/<int:number>/", views.version_edit, name="version_edit"),
    path("<slug:slug>/versions/<int:number>/preview/", views.version_preview, name="version_preview"),
    path("<slug:slug>/versions/<int:number>/publish/", views.version_publish, name="version_publish"),
    path("<slug:slug>/versions/<int:number>/fields/<slug:key>/", views.field_edit, name="field_edit"),
]
