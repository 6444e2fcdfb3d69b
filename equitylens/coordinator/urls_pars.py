"""Back office URLs: pars (included by coordinator/urls.py in namespace "coordinator")."""

from django.urls import path

from equitylens.coordinator.views.pars import (
    pars,
    pars_activity_batch,
    pars_download,
    pars_learner_batch,
)

urlpatterns = [
    path("", pars, name="pars"),
    path("learner-batches/", pars_learner_batch, name="pars_learner_batch"),
    path("activity-batches/", pars_activity_batch, name="pars_activity_batch"),
    path("batches/<int:batch_id>/download/", pars_download, name="pars_download"),
]
