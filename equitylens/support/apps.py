from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "equitylens.support"
    label = "support"
    verbose_name = "Commercial and other support of activities"
