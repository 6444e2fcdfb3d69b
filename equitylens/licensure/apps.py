from django.apps import AppConfig


class LicensureConfig(AppConfig):
    name = "equitylens.licensure"
    label = "licensure"
