"""Top-level URLs."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from groups import views as group_views
from readinggroup import accounts, importing, views

urlpatterns = [
    path("", views.home, name="home"),
    # The admin's login goes through allauth: its rate limits and enumeration protection apply.
    # Listed before the admin's own URLs, so this is the page /admin/login/ answers with.
    path("admin/login/", secure_admin_login(admin.site.login)),
    path("admin/", admin.site.urls),
    path("accounts/profile/", accounts.profile, name="profile"),
    path("accounts/delete/", accounts.delete_account, name="delete_account"),
    path("accounts/", include("allauth.urls")),
    path("join/<str:token>/", group_views.join_by_invitation, name="join"),
    path("import/", importing.import_page, name="import"),
    path("", include("meetings.urls")),
    path("groups/", include("groups.urls")),
    path("texts/", include("texts.urls")),
    path("", include("annotations.urls")),
]

handler403 = "readinggroup.errors.forbidden"
handler404 = "readinggroup.errors.not_found"
handler500 = "readinggroup.errors.server_error"
