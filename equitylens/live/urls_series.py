"""URLs: series pages."""

from django.urls import path

from equitylens.live.views import series

urlpatterns = [
    path("series/<slug:slug>/", series.series, name="series"),
]
