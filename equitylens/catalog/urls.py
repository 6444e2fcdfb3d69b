from django.urls import path

from equitylens.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.catalog, name="list"),
    path("<slug:slug>/", views.activity_detail, name="activity"),
    path("<slug:slug>/contact/", views.contact, name="contact"),
]
