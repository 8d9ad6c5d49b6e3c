from django.contrib import admin

from mutuality.audit.models import audit_special_category_read

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

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The profile holds reasonable adjustments: opening it is a special category read.
        if obj is not None and obj.sections.filter(key="adjustments").exclude(text=""):
            audit_special_category_read(
                actor=request.user,
                subjects=[obj.user],
                what="reasonable adjustments",
                where="admin",
            )
        return super().render_change_form(request, context, add, change, form_url, obj)
