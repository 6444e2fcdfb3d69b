from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "equitylens.community"
    label = "community"
    verbose_name = "Community of practice"
