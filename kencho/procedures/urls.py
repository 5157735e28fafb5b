from django.urls import path

from .views import public, settings, staff

app_name = "procedures"

urlpatterns = [
    path("", public.catalogue, name="catalogue"),
    path("procedures/<slug:slug>/", public.procedure_detail, name="procedure"),
    path("procedures/<slug:slug>/apply", public.apply_start, name="apply_start"),
    path("apply/<uuid:draft_id>/check/", public.draft_check, name="draft_check"),
    path("apply/<uuid:draft_id>/resume/", public.draft_resume_view, name="draft_resume"),
    path("apply/<uuid:draft_id>/<slug:page>/", public.draft_page, name="draft_page"),
    path("applications/lookup/", public.application_lookup, name="application_lookup"),
    path("applications/<str:receipt_number>/", public.application_status, name="application_status"),
    path(
        "applications/<str:receipt_number>/complete/",
        public.application_complete,
        name="application_complete",
    ),
    path(
        "applications/<str:receipt_number>/correct/", public.application_correct, name="application_correct"
    ),
    path(
        "applications/<str:receipt_number>/withdraw/",
        public.application_withdraw_view,
        name="application_withdraw",
    ),
    path("applications/<str:receipt_number>/pdf/", public.application_pdf, name="application_pdf"),
    path("my/applications/", public.my_applications, name="my_applications"),
    path("staff/inbox/", staff.inbox, name="inbox"),
    path("staff/procedures/", settings.procedure_list, name="staff_procedures"),
    path("staff/procedures/new/", settings.procedure_edit, name="staff_procedure_create"),
    path("staff/procedures/<slug:slug>/", settings.procedure_edit, name="staff_procedure_edit"),
    path("staff/inbox/export.<str:fmt>", staff.inbox_export, name="inbox_export"),
    path("staff/applications/<str:receipt_number>/", staff.application_detail, name="staff_application"),
    path(
        "staff/applications/<str:receipt_number>/action/",
        staff.application_action,
        name="staff_application_action",
    ),
    path("staff/applications/<str:receipt_number>/pdf/", staff.application_pdf, name="staff_application_pdf"),
]
