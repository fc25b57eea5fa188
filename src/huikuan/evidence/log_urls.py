"""Public log routes, mounted at /log/ (and the consistency proof at /api/v1/log/)."""

from django.urls import path

from . import log_views

app_name = "log"
urlpatterns = [
    path("key", log_views.key, name="key"),
    path("checkpoint", log_views.checkpoint, name="checkpoint"),
    path("tile/<path:path>", log_views.tile, name="tile"),
]
