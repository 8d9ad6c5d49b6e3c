from django.contrib import admin

from .models import Organisation, Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "place"]
    list_filter = ["kind", "place"]
    search_fields = ["name", "short_name"]
