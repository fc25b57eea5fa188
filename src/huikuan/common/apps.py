from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "huikuan.common"
    label = "common"
    verbose_name = "Common"
