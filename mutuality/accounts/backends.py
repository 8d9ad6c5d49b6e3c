from django.contrib.auth.backends import BaseBackend


class ProgrammeOfficeBackend(BaseBackend):
    """The programme office may do everything in the admin without being made superusers
    one by one. Object-level questions ("may this person see this cohort?") are answered by
    the rules in ``mutuality.permissions``, never here."""

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return obj is None and user_obj.is_active and user_obj.is_staff

    def has_module_perms(self, user_obj, app_label) -> bool:
        return user_obj.is_active and user_obj.is_staff
