"""URLs: certificates, verification, transcript."""

from django.urls import path

from equitylens.credentials.views import certificates, transcript, verification

app_name = "credentials"
urlpatterns = [
    path("certificates/<str:number>/", certificates.certificate, name="certificate"),
    path("verify/", verification.verify, name="verify"),
    path("transcript/", transcript.transcript, name="transcript"),
    path("transcript/transcript.csv", transcript.transcript_csv, name="transcript_csv"),
    path("transcript/transcript.pdf", transcript.transcript_pdf, name="transcript_pdf"),
]
