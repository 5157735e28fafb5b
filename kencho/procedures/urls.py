from django.urls import path
from django.views.generic import TemplateView

app_name = "procedures"

urlpatterns = [
    path("", TemplateView.as_view(template_name="base.html"), name="catalogue"),
    path("staff/inbox/", TemplateView.as_view(template_name="base.html"), name="inbox"),
    path("my/applications/", TemplateView.as_view(template_name="base.html"), name="my_applications"),
]
