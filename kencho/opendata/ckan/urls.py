"""CKAN's Action API paths, with and without a trailing slash so that no client is redirected (a
redirected POST loses its body)."""

from django.urls import path

from . import views

app_name = "ckan"

urlpatterns = [
    path("api/3", views.api_version),
    path("api/3/", views.api_version, name="version"),
    path("api/3/action/<str:name>", views.action, name="action"),
    path("api/3/action/<str:name>/", views.action),
    path("api/action/<str:name>", views.action),
    path("api/action/<str:name>/", views.action),
]
