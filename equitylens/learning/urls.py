"""The learner's path: my learning, course modules, code entry, evaluation, credit claim."""

from django.urls import include, path

app_name = "learning"
urlpatterns = [
    path("", include("equitylens.learning.urls_courses")),
    path("", include("equitylens.learning.urls_codes")),
    path("", include("equitylens.learning.urls_evaluation")),
    path("", include("equitylens.learning.urls_claims")),
]
