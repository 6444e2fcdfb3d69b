"""URLs: certificates, verification, transcript."""

from django.urls import path

from equitylens.credentials.views import certificates, transcript, verification

app_name = "credentials"
urlpatterns = [
    path("certificates/<str:number>/", certificates.certificate, name="certificate"),
    path("verify/", verification.verify, name="verify"),
    path("transcript/", transcript.transcript, name="transcript"),
]
