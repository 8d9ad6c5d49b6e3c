from django.contrib import admin

from .models import MatchRun, PublishedPartnership


class PublishedInline(admin.TabularInline):
    model = PublishedPartnership
    extra = 0
    fields = ["partnership"]
    readonly_fields = fields
    can_delete = False


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "people", "total", "created_at", "published_at"]
    list_filter = ["status", "cohort__programme"]
    readonly_fields = [f.name for f in MatchRun._meta.fields]
    inlines = [PublishedInline]
