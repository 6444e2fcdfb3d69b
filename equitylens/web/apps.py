from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "equitylens.web"
    label = "web"
