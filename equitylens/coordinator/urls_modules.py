"""Back office URLs: modules (included by coordinator/urls.py in namespace "coordinator")."""

from django.urls import path

from equitylens.coordinator.views import modules

urlpatterns = [
    path("", modules.module_list, name="modules"),
    path("new/<str:kind>/", modules.module_new, name="module_new"),
    path("<int:module_id>/", modules.module_edit, name="module_edit"),
    path("<int:module_id>/delete/", modules.module_delete, name="module_delete"),
    path("<int:module_id>/move/", modules.module_move, name="module_move"),
    path("<int:module_id>/questions/new/", modules.question_new, name="quiz_question_new"),
    path(
        "<int:module_id>/questions/<int:question_id>/",
        modules.question_edit,
        name="quiz_question_edit",
    ),
    path(
        "<int:module_id>/questions/<int:question_id>/delete/",
        modules.question_delete,
        name="quiz_question_delete",
    ),
    path(
        "<int:module_id>/questions/<int:question_id>/move/",
        modules.question_move,
        name="quiz_question_move",
    ),
]
