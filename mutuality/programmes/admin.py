from django.contrib import admin

from .models import Cohort, CohortOrganisation, CohortRole, FocusArea, Participation, Programme


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind", "focus_areas"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["focus_areas"]
    search_fields = ["name"]


class CohortOrganisationInline(admin.TabularInline):
    model = CohortOrganisation
    extra = 0
    autocomplete_fields = ["organisation"]


class CohortRoleInline(admin.TabularInline):
    model = CohortRole
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "status", "starts_on", "ends_on"]
    list_filter = ["status", "programme"]
    inlines = [CohortOrganisationInline, CohortRoleInline]
    search_fields = ["name", "programme__name"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["user", "cohort", "side", "organisation", "status"]
    list_filter = ["side", "status", "cohort__programme"]
    autocomplete_fields = ["user", "organisation"]
    search_fields = ["user__email", "user__last_name"]
