from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "mutuality.audit"
    label = "audit"
    verbose_name = "Audit log"
