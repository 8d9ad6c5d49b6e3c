from django.contrib import admin

from .models import AboutMe, AboutMeSection, Application, ApplicationQuestion, ManagerApproval

# Equality monitoring and lived-experience consent are deliberately not in the admin: the
# programme office sees monitoring only as aggregates, through the disclosure rules.


@admin.register(ApplicationQuestion)
class ApplicationQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "programme", "side", "required", "order"]
    list_filter = ["programme", "side", "required"]
    list_editable = ["order"]


class ManagerApprovalInline(admin.TabularInline):
    model = ManagerApproval
    extra = 0
    fields = ["email", "created_at", "expires_at", "decision", "channel", "used_at", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["applicant", "cohort", "side", "organisation", "status", "submitted_at"]
    list_filter = ["status", "side", "cohort__programme", "imported"]
    search_fields = ["applicant__email", "applicant__last_name", "job_title"]
    autocomplete_fields = ["applicant", "organisation"]
    readonly_fields = ["seniority_level", "submitted_at", "decided_at", "decided_by"]
    inlines = [ManagerApprovalInline]


class AboutMeSectionInline(admin.StackedInline):
    model = AboutMeSection
    extra = 0


@admin.register(AboutMe)
class AboutMeAdmin(admin.ModelAdmin):
    search_fields = ["user__email", "user__last_name"]
    inlines = [AboutMeSectionInline]
