from django.contrib import admin

from .models import Meeting, Partnership, SupportRequest

# Shared notes, goals and private reflections are deliberately absent: they belong to the
# two partners (reflections to their author alone), not to the programme office.


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["met_on", "minutes", "mode", "logged_by", "confirmed_at"]
    readonly_fields = fields


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cohort", "status", "created_at"]
    list_filter = ["status", "cohort__programme"]
    readonly_fields = ["score", "reasons", "replaces"]
    inlines = [MeetingInline]


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "partnership", "created_at", "resolved_at"]
    list_filter = ["kind"]
