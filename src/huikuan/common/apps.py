from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CommonConfig(AppConfig):
    name = "huikuan.common"
    label = "common"
    verbose_name = "Common"

    def ready(self) -> None:
        # Periodic tasks register themselves when their app's tasks module is imported.
        autodiscover_modules("tasks")
