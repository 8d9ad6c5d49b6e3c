from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("Everyone needs an email address to sign in.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Nobody has a password: sign-in is by emailed code or SSO.

    ``is_staff`` marks the programme office: the people who run the system's programmes,
    manage places and organisations, and use the Django admin.
    """

    email = models.EmailField("email address", unique=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    preferred_name = models.CharField(
        "what you like to be called",
        max_length=150,
        blank=True,
        help_text="If it is not your first name. We use it when we write to you.",
    )
    pronouns = models.CharField(
        max_length=40,
        blank=True,
        help_text="For example she/her, he/him, they/them.",
    )
    is_staff = models.BooleanField(
        "programme office",
        default=False,
        help_text="Programme office staff manage programmes and may use the admin site.",
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.preferred_name or self.first_name or self.email

    @property
    def needs_name(self) -> bool:
        """True until the person has told us their name (accounts are made from an email
        address alone, by sign-up, import or the programme team)."""
        return not (self.first_name.strip() and self.last_name.strip())

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_programme_office(self) -> bool:
        return self.is_active and self.is_staff
