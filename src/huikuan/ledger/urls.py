from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("cases/<int:case_id>/panel/", views.case_panel, name="case_panel"),
]
