"""Top-level URL map: public pages, the learner's path, accounts, back office, admin back door."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("equitylens.web.urls")),
    path("activities/", include("equitylens.catalog.urls")),
    path("", include("equitylens.learning.urls")),
    path("", include("equitylens.credentials.urls")),
    path("", include("equitylens.live.urls")),
    path("bookings/", include("equitylens.bookings.urls")),
    path("community/", include("equitylens.community.urls")),
    path("disclosures/", include("equitylens.disclosures.urls")),
    path("outcomes/", include("equitylens.outcomes.urls")),
    path("licensure/", include("equitylens.licensure.urls")),
    path("case-review/", include("equitylens.casereview.urls")),
    path("language/", include("equitylens.language.urls")),
    path("disparities/", include("equitylens.disparities.urls")),
    path("accounts/", include("equitylens.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("coordinator/", include("equitylens.coordinator.urls")),
    path("backdoor/admin/", admin.site.urls),
]
