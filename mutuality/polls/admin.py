from django.contrib import admin

from .models import Instrument, Question


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = [
        "order",
        "key",
        "kind",
        "sides",
        "text",
        "short",
        "headline",
        "options",
        "after_start",
    ]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    """Questions are edited here; answers and responses are never shown in the admin."""

    list_display = ["name", "programme"]
    inlines = [QuestionInline]
