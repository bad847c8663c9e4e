"""Django admin: for system admins only, read-only, so that every write still goes through the actions."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login

from .middleware import SESSION_KEY
from .models import BoardSeat, Forbund, Kommun, Member, RoleAssignment, Statutes, User


def _system_admin_only(request) -> bool:
    user = request.user
    return bool(user.is_active and getattr(user, "is_system_admin", False) and request.session.get(SESSION_KEY))


def _login(request, extra_context=None):
    return redirect_to_login(request.get_full_path())


# The default site is patched in place (not replaced by a subclass) so that every app's admin.register keeps working.
admin.site.has_permission = _system_admin_only  # type: ignore[method-assign]
admin.site.login = _login  # type: ignore[method-assign]
admin.site.site_header = "Samordna"


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Forbund)
class ForbundAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "org_number", "founded"]
    search_fields = ["name", "slug"]


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ["name", "party_type", "forbund"]
    list_filter = ["party_type", "forbund"]


@admin.register(Statutes)
class StatutesAdmin(ReadOnlyAdmin):
    list_display = ["forbund", "valid_from", "term_years", "quorum_percent"]


@admin.register(BoardSeat)
class BoardSeatAdmin(ReadOnlyAdmin):
    list_display = ["person_name", "member", "role", "office", "term_start", "term_end"]


@admin.register(Kommun)
class KommunAdmin(ReadOnlyAdmin):
    list_display = ["code", "name"]


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "first_name", "last_name", "is_system_admin", "is_active", "last_login"]
    exclude = ["password"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "forbund", "role", "valid_from", "valid_to"]
    list_filter = ["role", "forbund"]
