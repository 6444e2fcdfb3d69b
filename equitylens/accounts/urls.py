"""Our account pages; allauth's sign-in pages are mounted at the same /accounts/ prefix."""

from django.urls import path

from equitylens.accounts.views import organization_admin, profile, security

app_name = "accounts"
urlpatterns = [
    path("", profile.account, name="account"),
    path("profile/", profile.profile, name="profile"),
    path("two-factor-required/", security.mfa_required, name="mfa_required"),
    path(
        "organizations/<slug:slug>/",
        organization_admin.members,
        name="organization_members",
    ),
    path(
        "organizations/<slug:slug>/roster/",
        organization_admin.roster_import,
        name="roster_import",
    ),
]
