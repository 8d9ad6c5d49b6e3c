from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from . import signin_limits
from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "locked_out"]
    list_filter = ["is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "first_name", "last_name", "preferred_name", "pronouns"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "first_name", "last_name", "is_staff"]})]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["lift_sign_in_lockout"]

    @admin.display(boolean=True, description="Locked out of signing in")
    def locked_out(self, user: User) -> bool:
        return signin_limits.is_locked_out(user)

    @admin.action(description="Let them try signing in again (lift a lockout after wrong codes)")
    def lift_sign_in_lockout(self, request, queryset) -> None:
        people = list(queryset)
        for user in people:
            signin_limits.lift_lockout(user)
        self.message_user(
            request,
            f"{len(people)} {'person' if len(people) == 1 else 'people'} may try signing in again.",
            messages.SUCCESS,
        )


# allauth's own admin for authenticators shows and edits their secrets. Ours shows only
# who has which kind, and lets the office remove one (someone who lost their phone then
# sets up a new app at their next sign-in).
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
