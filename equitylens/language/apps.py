from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "equitylens.language"
    label = "language"
    verbose_name = "Language that promotes equity"
