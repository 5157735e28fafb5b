from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .views import business as business_views
from .views import login, oidc, signup, staff_menu

app_name = "core"

urlpatterns = [
    path("staff/", staff_menu.staff_menu, name="staff_menu"),
    path("login/", login.login_view, name="login"),
    path("login/code/", login.login_totp_view, name="login_totp"),
    path("login/code/enrol/", login.totp_enrol_view, name="totp_enrol"),
    path("login/oidc/<slug:provider>/start", oidc.oidc_start_view, name="oidc_start"),
    path("login/oidc/<slug:provider>/callback", oidc.oidc_callback_view, name="oidc_callback"),
    path("logout/", login.logout_view, name="logout"),
    path("signup/", signup.signup_view, name="signup"),
    path("signup/business/", signup.business_signup_view, name="business_signup"),
    path("signup/sent/", signup.signup_done_view, name="signup_done"),
    path("verify-email/resend/", signup.resend_verification_view, name="resend_verification"),
    path("verify-email/<str:token>/", signup.verify_email_view, name="verify_email"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="core/password_reset_form.html",
            email_template_name="core/email/password_reset_body.txt",
            subject_template_name="core/email/password_reset_subject.txt",
            success_url=reverse_lazy("core:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="core/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="core/password_reset_confirm.html",
            success_url=reverse_lazy("core:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="core/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("account/business/members/", business_views.members_view, name="business_members"),
    path(
        "account/business/members/<int:member_id>/remove",
        business_views.member_remove_view,
        name="business_member_remove",
    ),
]
