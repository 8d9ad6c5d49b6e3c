"""allauth's code forms, with the shared wrong-code limit (see ``signin_limits``)."""

from allauth.account.adapter import get_adapter
from allauth.account.forms import ConfirmLoginCodeForm as BaseConfirmLoginCodeForm
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm as BaseAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as BaseReauthenticateForm
from django import forms

from . import signin_limits
from .models import User

TOO_MANY = "too_many_login_attempts"


def _checked(request, key: str, check):
    attempt = signin_limits.take_a_try(request, key=key)
    if attempt is None:
        raise get_adapter().validation_error(TOO_MANY)
    code = check()  # a wrong code raises, and the try stays counted
    attempt.rollback()
    return code


class ConfirmLoginCodeForm(BaseConfirmLoginCodeForm):
    """The emailed code."""

    def clean_code(self) -> str:
        request = context.request
        stage = getattr(request, "_login_stage", None)
        login = getattr(stage, "login", None)
        user = getattr(login, "user", None)
        email = (getattr(stage, "state", None) or {}).get("email", "") if stage else ""
        key = signin_limits.account_key(user=user, email=email or "")
        return _checked(request, key, super().clean_code)


class AuthenticateForm(BaseAuthenticateForm):
    """The authenticator app's code (or a recovery code) after the emailed code."""

    def clean_code(self) -> str:
        request = context.request
        key = signin_limits.account_key(user=self.user)
        return _checked(request, key, super().clean_code)


class ReauthenticateForm(BaseReauthenticateForm):
    """The authenticator app's code when someone signed in confirms it is still them."""

    def clean_code(self) -> str:
        request = context.request
        key = signin_limits.account_key(user=self.user)
        return _checked(request, key, super().clean_code)


class DetailsForm(forms.ModelForm):
    """A person's name as they want it used in lists, emails and their partner's page."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "preferred_name", "pronouns"]
        labels = {"first_name": "First name", "last_name": "Last name"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["first_name"].error_messages["required"] = "Enter your first name"
        self.fields["last_name"].error_messages["required"] = "Enter your last name"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["preferred_name"].widget.attrs["autocomplete"] = "nickname"

    def clean(self):
        data = super().clean()
        for name in self.Meta.fields:
            if isinstance(data.get(name), str):
                data[name] = " ".join(data[name].split())
        return data
