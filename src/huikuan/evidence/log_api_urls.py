from django.urls import path

from . import log_views

app_name = "log-api"
urlpatterns = [
    path("consistency", log_views.consistency, name="consistency"),
]
