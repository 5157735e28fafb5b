from django.urls import URLPattern, URLResolver, path

from .views import public, staff

app_name = "subsidies"

urlpatterns: list[URLPattern | URLResolver] = [
    path("subsidies/", public.programme_list, name="programmes"),
    path("subsidies/<slug:slug>/", public.programme_detail, name="programme"),
    path("subsidies/<slug:slug>/eligibility/", public.eligibility, name="eligibility"),
    path("subsidies/<slug:slug>/apply", public.apply, name="apply"),
    path("my/subsidies/", public.my_cases, name="my_cases"),
    path("my/subsidies/<int:case_id>/", public.case_detail, name="case"),
    path("my/subsidies/<int:case_id>/<slug:stage>/start", public.stage_start, name="stage_start"),
    path("staff/subsidies/", staff.programme_list, name="staff_programmes"),
    path("staff/subsidies/new/", staff.programme_edit, name="staff_programme_create"),
    path("staff/subsidies/<int:programme_id>/", staff.case_list, name="staff_cases"),
    path("staff/subsidies/<int:programme_id>/edit/", staff.programme_edit, name="staff_programme_edit"),
    path("staff/subsidies/<int:programme_id>/export.xlsx", staff.cases_export, name="staff_export"),
    path("staff/subsidies/cases/<int:case_id>/", staff.case_detail, name="staff_case"),
    path("staff/subsidies/cases/<int:case_id>/decide", staff.case_decide, name="staff_case_decide"),
    path("staff/subsidies/cases/<int:case_id>/review", staff.case_review, name="staff_case_review"),
]
