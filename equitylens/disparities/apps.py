from django.apps import AppConfig


class DisparitiesConfig(AppConfig):
    name = "equitylens.disparities"
    label = "disparities"
    verbose_name = "Measuring disparities in care"
