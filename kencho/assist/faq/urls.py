"""The public FAQ pages, mounted at /faq/ (namespace "faq")."""

from django.urls import path

from .views import public

app_name = "faq"

urlpatterns = [
    path("", public.index, name="index"),
    path("<slug:collection>/", public.ask, name="ask"),
    path("<slug:collection>/feedback/", public.feedback, name="feedback"),
    path("<slug:collection>/widget-feedback/", public.widget_feedback, name="widget_feedback"),
    path("<slug:collection>/contact/", public.contact, name="contact"),
    path("<slug:collection>/contact/sent/", public.contact_sent, name="contact_sent"),
]
