from django.contrib import admin

from .models import Material, Session, SupervisionSlot, TemplateItem


@admin.register(TemplateItem)
class TemplateItemAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "kind", "audience", "mandatory", "offset_days"]
    list_filter = ["programme", "kind", "mandatory"]


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 1


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "cohort", "starts_at", "mandatory", "cancelled_at"]
    list_filter = ["cohort__programme", "kind", "mandatory"]
    inlines = [MaterialInline]


@admin.register(SupervisionSlot)
class SupervisionSlotAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "cohort", "faculty", "booked_by"]
