from django.urls import URLPattern, URLResolver, path

from .views import respondent, staff

app_name = "inquiries"

urlpatterns: list[URLPattern | URLResolver] = [
    path("staff/inquiries/", staff.home, name="staff_home"),
    path("staff/inquiries/new/", staff.survey_new, name="survey_new"),
    path("staff/inquiries/respondents/", staff.respondents, name="respondents"),
    path("staff/inquiries/runs/<uuid:public_id>/", staff.run_detail, name="run"),
    path("staff/inquiries/runs/<uuid:public_id>/progress.json", staff.run_progress, name="run_progress"),
    path("staff/inquiries/<uuid:public_id>/", staff.dashboard, name="dashboard"),
    path("staff/inquiries/<uuid:public_id>/send/", staff.send, name="send"),
    path("staff/inquiries/<uuid:public_id>/close/", staff.close, name="close"),
    path("staff/inquiries/<uuid:public_id>/remind/", staff.remind, name="remind"),
    path("staff/inquiries/<uuid:public_id>/next-period/", staff.next_period, name="next_period"),
    path("staff/inquiries/<uuid:public_id>/aggregate/", staff.aggregate_start, name="aggregate"),
    path("staff/inquiries/<uuid:public_id>/template.xlsx", staff.template, name="staff_template"),
    path("staff/inquiries/<uuid:public_id>/export.<str:file_format>", staff.export, name="export"),
    path(
        "staff/inquiries/<uuid:public_id>/recipients/<int:recipient_id>/",
        staff.recipient_detail,
        name="recipient",
    ),
    path("inquiries/", respondent.home, name="respondent_home"),
    path("inquiries/<uuid:public_id>/", respondent.respond, name="respond"),
    path("inquiries/<uuid:public_id>/answer/", respondent.answer, name="answer"),
    path("inquiries/<uuid:public_id>/upload/", respondent.upload, name="upload"),
    path("inquiries/<uuid:public_id>/template.xlsx", respondent.template, name="template"),
    path("inquiries/<uuid:public_id>/legacy/", respondent.legacy_mapping, name="legacy"),
    path(
        "inquiries/<uuid:public_id>/attachments/<int:attachment_id>/",
        respondent.attachment,
        name="attachment",
    ),
]
