from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("cases/<int:case_id>/panel/", views.case_panel, name="case_panel"),
    path("cases/<int:case_id>/lint/", views.lint, name="lint"),
    path("cases/<int:case_id>/send/", views.send, name="send"),
    path("cases/<int:case_id>/clear/", views.clear, name="clear"),
    path("cases/<int:case_id>/preferences/", views.preferences, name="preferences"),
    path("cases/<int:case_id>/plan/", views.plan_start, name="plan_start"),
    path("cases/<int:case_id>/contacts/", views.listed_contact_add, name="listed_contact_add"),
    path("cases/<int:case_id>/reachability/", views.reachability, name="reachability"),
    path("clearances/<int:pk>/call/", views.call_log, name="call_log"),
    path("clearances/<int:pk>/visit/", views.visit_log, name="visit_log"),
    path("runs/<int:pk>/stop/", views.plan_stop, name="plan_stop"),
    path("letters/<int:pk>/dispatch/", views.letter_dispatch, name="letter_dispatch"),
    path("letters/<int:pk>/delivered/", views.letter_delivered, name="letter_delivered"),
    path("letters/<int:pk>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("plans/", views.plans, name="plans"),
    path("sender/", views.sender_save, name="sender"),
    path("plans/templates/new/", views.template_create, name="template_create"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/steps/", views.plan_step_add, name="plan_step_add"),
    path("steps/<int:pk>/remove/", views.plan_step_remove, name="plan_step_remove"),
    path("report/", views.report, name="report"),
    path("report.csv", views.report_csv, name="report_csv"),
]
