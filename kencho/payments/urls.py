from django.urls import path

from .views import demo, public, staff

app_name = "payments"

urlpatterns = [
    path("payments/applications/<str:receipt_number>/", public.pay, name="pay"),
    path("payments/applications/<str:receipt_number>/state/", public.fee_state, name="fee_state"),
    path("payments/applications/<str:receipt_number>/receipt.pdf", public.receipt_pdf, name="receipt"),
    path("payments/attempts/<uuid:attempt_id>/", public.attempt_detail, name="attempt"),
    path("payments/attempts/<uuid:attempt_id>/return/", public.attempt_return, name="attempt_return"),
    path("payments/demo/checkout/<str:token>/", demo.checkout, name="demo_checkout"),
    path("staff/payments/", staff.dashboard, name="staff_dashboard"),
    path("staff/payments/reconciliation.xlsx", staff.reconciliation, name="staff_reconciliation"),
    path("staff/payments/payeasy-import/", staff.payeasy_import, name="staff_payeasy_import"),
    path("staff/payments/applications/<str:receipt_number>/", staff.fee_detail, name="staff_fee"),
    path(
        "staff/payments/applications/<str:receipt_number>/receipt.pdf",
        staff.receipt_pdf,
        name="staff_receipt",
    ),
    path("staff/payments/refunds/<uuid:refund_id>/", staff.refund_action, name="staff_refund"),
]
