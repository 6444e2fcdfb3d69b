"""URLs: learner course pages."""

from django.urls import path

from equitylens.learning.views import courses

urlpatterns = [
    path("learn/", courses.my_learning, name="my_learning"),
    path("learn/<slug:slug>/", courses.path, name="path"),
    path("learn/<slug:slug>/sessions/<int:session_pk>/", courses.path, name="session_path"),
    path("learn/<slug:slug>/start/", courses.start, name="start"),
    path("learn/<slug:slug>/modules/<int:position>/", courses.module, name="module"),
    path(
        "learn/<slug:slug>/modules/<int:position>/<str:what>/",
        courses.module_media,
        name="module_media",
    ),
]
