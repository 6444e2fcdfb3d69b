from django.urls import path
from django.views.generic import TemplateView

app_name = "accounts"
urlpatterns = [
    path("profile/", TemplateView.as_view(template_name="base.html"), name="profile"),
    path(
        "two-factor-required/", TemplateView.as_view(template_name="base.html"), name="mfa_required"
    ),
]
