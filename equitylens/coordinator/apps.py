from django.apps import AppConfig


class CoordinatorConfig(AppConfig):
    name = "equitylens.coordinator"
    label = "coordinator"
