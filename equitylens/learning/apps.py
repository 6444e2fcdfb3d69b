from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "equitylens.learning"
    label = "learning"
    verbose_name = "Learning: enrollments, modules, codes, evaluations, claims"
