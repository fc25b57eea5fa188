from django.urls import path

from . import views

app_name = "assistant"
urlpatterns = [
    path("", views.chat, name="chat"),
    path("ask/", views.ask, name="ask"),
    path("cases/<int:case_id>/panel/", views.case_panel, name="case_panel"),
]
