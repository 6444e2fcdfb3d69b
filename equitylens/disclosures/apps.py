from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "equitylens.disclosures"
    label = "disclosures"
