from django.urls import URLPattern, URLResolver

app_name = "ocr"

urlpatterns: list[URLPattern | URLResolver] = []
