from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "equitylens.accounts"
    label = "accounts"
