"""Back office URLs: certificates (included by coordinator/urls.py in namespace "coordinator")."""

from django.urls import URLPattern, path

from equitylens.coordinator.views import certificates

urlpatterns: list[URLPattern] = [
    path("layout/", certificates.certificate_layout, name="certificate_layout"),
    path(
        "layout/preview/",
        certificates.certificate_layout_preview,
        name="certificate_layout_preview",
    ),
]
