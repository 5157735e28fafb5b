from django.urls import path

from . import views

app_name = "proofread"

urlpatterns = [
    path("", views.start, name="start"),
    path("documents/<uuid:document_id>/", views.document_detail, name="document"),
    path("documents/<uuid:document_id>/decide/", views.decide, name="decide"),
    path("documents/<uuid:document_id>/download.<str:fmt>", views.download, name="download"),
    path("terms/", views.terms, name="terms"),
    path("terms/<int:term_id>/", views.term_update, name="term_update"),
    path("rules/", views.rule_settings, name="rules"),
]
