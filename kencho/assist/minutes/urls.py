from django.urls import path

from . import views

app_name = "minutes"

urlpatterns = [
    path("", views.minutes_list, name="list"),
    path("new/", views.minutes_upload, name="upload"),
    path("<int:minutes_id>/", views.minutes_detail, name="detail"),
    path("<int:minutes_id>/speakers/", views.minutes_speakers, name="speakers"),
    path("<int:minutes_id>/edit/", views.minutes_edit, name="edit"),
    path("<int:minutes_id>/export.<str:file_format>", views.minutes_export, name="export"),
]
