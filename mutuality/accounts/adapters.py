from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Anyone may create an account to apply to a programme; roles are given separately.
        return settings.MUTUALITY_OPEN_SIGNUP
