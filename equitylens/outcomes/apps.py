from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "equitylens.outcomes"
    label = "outcomes"
