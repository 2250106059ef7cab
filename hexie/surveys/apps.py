from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "hexie.surveys"
    label = "surveys"
    verbose_name = _("满意度测评")

    def ready(self):
        from hexie.core.registries import DAILY_JOBS, INDICATORS, NAVIGATION

        from . import redact
        from .indicators import satisfaction_rate

        # Token and Response are never audit-logged: they are marked `audit_exempt`, which
        # core's register_audit_for_hexie_models honours whichever app calls it, and when.
        redact.install()
        INDICATORS.register("surveys.satisfaction_rate", satisfaction_rate, label=_("职工满意度"), unit="%")
        NAVIGATION.add_entry("surveys.surveys", label=_("满意度测评"), url="survey-list", icon="mood-smile", order=45)
        DAILY_JOBS.add_entry("surveys.close_expired", label=_("结束到期测评"))
