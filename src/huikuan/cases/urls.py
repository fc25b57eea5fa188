from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("register/", views.register_debtor, name="register"),
    path("register/debt/", views.register_debt, name="register_debt"),
    path("register/review/", views.register_review, name="register_review"),
    path("register/cancel/", views.register_cancel, name="register_cancel"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/transition/", views.case_transition, name="transition"),
    path("<int:pk>/disputes/", views.dispute_open, name="dispute_open"),
    path("disputes/<int:pk>/resolve/", views.dispute_resolve, name="dispute_resolve"),
]
