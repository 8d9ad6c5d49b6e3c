from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "sent_at"]
    readonly_fields = ["to", "subject", "body", "html_body", "sent_at"]
