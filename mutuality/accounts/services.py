from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction


@transaction.atomic
def user_get_or_create(*, email: str, first_name: str = "", last_name: str = "", **extra):
    """The account for ``email``, made if it does not exist yet, for someone the programme
    team adds (a faculty member, an imported applicant, the demo's invented people).

    The address is recorded as unverified: allauth marks it verified the first time the
    person signs in with a code sent to it. Without the record, that first sign-in would
    ask for a second code to confirm the address.
    """
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email).strip().lower()
    user, created = user_model.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name, **extra}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    return user, created


@transaction.atomic
def details_save(*, form) -> None:
    """Save someone's own name from the details form."""
    form.save()
