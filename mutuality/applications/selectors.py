"""Reads for the applications pages."""

from .models import AboutMe


def about_me_for(user) -> AboutMe:
    """Someone's about-me profile, or an unsaved empty one if they have not written it yet:
    showing the page writes nothing; saving it makes the profile."""
    return AboutMe.objects.filter(user=user).first() or AboutMe(user=user)
