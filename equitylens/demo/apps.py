from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "equitylens.demo"
    label = "demo"
