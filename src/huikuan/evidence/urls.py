from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("cases/<int:case_id>/panel/", views.case_panel, name="case_panel"),
    path("cases/<int:case_id>/upload/", views.upload, name="upload"),
    path("items/<int:pk>/", views.detail, name="detail"),
]
