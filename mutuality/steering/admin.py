from django.contrib import admin

from .models import Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """A cohort's list of theme tags. Themes themselves are moderated on their own pages,
    where the author is shown only to the programme team and never leaves with the theme."""

    list_display = ["name", "cohort"]
    list_filter = ["cohort"]
