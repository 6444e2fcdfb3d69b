from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "equitylens.catalog"
    label = "catalog"
