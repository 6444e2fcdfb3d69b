from django.apps import AppConfig


class CasereviewConfig(AppConfig):
    name = "equitylens.casereview"
    label = "casereview"
    verbose_name = "Health Equity M&M case review"
