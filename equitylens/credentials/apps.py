from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "equitylens.credentials"
    label = "credentials"
    verbose_name = "Credentials: certificates and transcripts"
