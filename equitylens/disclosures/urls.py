"""URLs of the disclosures app: the e-mailed link's pages."""

from django.urls import path

from equitylens.disclosures.views.respond import done, respond

app_name = "disclosures"
urlpatterns = [
    path("<str:token>/", respond, name="respond"),
    path("<str:token>/done/", done, name="done"),
]
