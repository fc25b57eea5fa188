from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("cases/<int:case_id>/panel/", views.case_panel, name="case_panel"),
    path("cases/<int:case_id>/", views.case_documents, name="case_documents"),
    path("cases/<int:case_id>/new/<slug:key>/", views.compose, name="compose"),
    path("cases/<int:case_id>/new/<slug:key>/preview/", views.preview, name="preview"),
    path("<int:pk>/<slug:fmt>/", views.download, name="download"),
]
