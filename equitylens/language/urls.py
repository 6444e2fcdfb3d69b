"""Language that promotes equity: the public guide, the checker, and clinical-note audits."""

from django.urls import URLPattern, path

from equitylens.language.views import audits, check, guide, guide_admin

app_name = "language"
urlpatterns: list[URLPattern] = [
    # The public guide (searchable, printable).
    path("guide/", guide.guide, name="guide"),
    path("guide/<slug:entry_id>/", guide.entry, name="entry"),
    # The checker: paste text, the inline-suggestions fragment, and the JSON API.
    path("check/", check.check_page, name="check"),
    path("check/suggestions/", check.suggestions, name="suggestions"),
    path("api/check/", check.api_check, name="api_check"),
    # Back office: editing the guide, import/export, versions.
    path("manage/", guide_admin.entries, name="manage"),
    path("manage/new/", guide_admin.entry_new, name="entry_new"),
    path("manage/entries/<slug:entry_id>/", guide_admin.entry_edit, name="entry_edit"),
    path("manage/import/", guide_admin.import_guide, name="import"),
    path("manage/export.yaml", guide_admin.export_guide, name="export"),
    path("manage/versions/", guide_admin.versions, name="versions"),
    path("manage/versions/<int:number>/", guide_admin.version, name="version"),
    # Clinical-note audits (upload, progress, results).
    path("audits/", audits.audit_list, name="audits"),
    path("audits/new/", audits.audit_new, name="audit_new"),
    path("audits/<int:pk>/", audits.audit_detail, name="audit"),
    path("audits/<int:pk>/progress/", audits.audit_progress, name="audit_progress"),
    path("audits/<int:pk>/files/<str:name>", audits.audit_file, name="audit_file"),
]
