from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


def register_audit_for_hexie_models() -> None:
    """django-auditlog on every Hexie model but those marked `audit_exempt = True` (each app calls
    this from its own `ready`)."""
    from auditlog.registry import auditlog
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    if not auditlog.contains(user_model):
        auditlog.register(user_model, exclude_fields=["password", "last_login"])
    for model in apps.get_models():
        if getattr(model, "audit_exempt", False):
            continue  # anonymous data (survey answers): no who, when or from where
        if model.__module__.startswith("hexie.") and not auditlog.contains(model):
            exclude = [f.name for f in model._meta.fields if f.name.endswith(("_cipher", "_hash"))]
            auditlog.register(model, exclude_fields=exclude)


class CoreConfig(AppConfig):
    name = "hexie.core"
    label = "core"
    verbose_name = _("基础数据")

    def ready(self):
        from . import calendar, imports, minimum_wage  # noqa: F401  (imports registers the import job handlers)
        from .models import CalendarDay, CalendarYear, MinimumWage
        from .registries import NAVIGATION

        calendar._schedule.watch(CalendarDay, CalendarYear)
        minimum_wage._table.watch(MinimumWage)
        NAVIGATION.add_entry("core.organizations", label=_("组织"), url="organization-list", icon="building", order=10)
        NAVIGATION.add_entry("core.people", label=_("人员"), url="person-list", icon="users", order=20)
        NAVIGATION.add_entry("core.employments", label=_("用工"), url="employment-list", icon="briefcase", order=30)
        NAVIGATION.add_entry("core.imports", label=_("数据导入"), url="import-start", icon="upload", order=80)
        NAVIGATION.add_entry("core.jobs", label=_("任务"), url="job-list", icon="loader", order=85)
        NAVIGATION.add_entry("core.calendar", label=_("节假日"), url="calendar", icon="calendar", order=88)
        NAVIGATION.add_entry("core.minimum_wage", label=_("最低工资"), url="minimum-wage-list", icon="coin", order=89)
        NAVIGATION.add_entry(
            "core.audit", label=_("审计日志"), url="audit-log", icon="history", order=90, staff_only=True
        )
        register_audit_for_hexie_models()
