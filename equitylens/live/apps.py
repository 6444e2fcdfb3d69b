from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "equitylens.live"
    label = "live"
    verbose_name = "Live sessions, registration, series and dialogues"
