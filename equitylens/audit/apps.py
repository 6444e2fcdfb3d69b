from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "equitylens.audit"
    label = "audit"
