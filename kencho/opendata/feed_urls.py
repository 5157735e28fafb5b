from django.urls import path

from .views import feeds

app_name = "opendata_feeds"

urlpatterns = [
    path("catalog.<str:fmt>", feeds.catalog, name="catalog"),
    path("dataset/<slug:name>.<str:fmt>", feeds.dataset, name="dataset"),
]
