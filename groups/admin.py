from django.contrib import admin

from groups.models import Group, GroupDocument, Invitation, JoinRequest, Membership, Profile


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class GroupDocumentInline(admin.TabularInline):
    model = GroupDocument
    extra = 0


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "visibility", "join_policy", "created_at"]
    list_filter = ["visibility", "join_policy"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, GroupDocumentInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["group", "expires_at", "uses", "max_uses", "revoked_at"]
    list_select_related = ["group"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["group", "user", "created_at"]
    list_select_related = ["group", "user"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user"]
    search_fields = ["display_name", "user__username", "user__email"]
