from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("cases/<int:case_id>/panel/", views.case_panel, name="case_panel"),
    path("cases/<int:case_id>/", views.statement, name="statement"),
    path("cases/<int:case_id>/limitation/", views.limitation, name="limitation"),
    path("cases/<int:case_id>/eligibility/", views.eligibility, name="eligibility"),
    path("cases/<int:case_id>/payments/new/", views.payment_new, name="payment_new"),
    path("cases/<int:case_id>/charges/new/", views.charge_new, name="charge_new"),
    path("cases/<int:case_id>/write-offs/new/", views.write_off_new, name="write_off_new"),
    path("cases/<int:case_id>/facts/new/", views.fact_new, name="fact_new"),
    path("cases/<int:case_id>/reverse/", views.reverse, name="reverse"),
    path("debtors/<int:debtor_id>/payments/new/", views.debtor_payment_new, name="debtor_payment_new"),
    path("debtor-payments/<int:pk>/", views.debtor_payment_detail, name="debtor_payment_detail"),
    path("alerts/", views.alerts, name="alerts"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("proposals/<int:pk>/confirm/", views.proposal_confirm, name="proposal_confirm"),
    path("proposals/<int:pk>/reject/", views.proposal_reject, name="proposal_reject"),
]
