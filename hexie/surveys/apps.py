from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "hexie.surveys"
    label = "surveys"
    verbose_name = _("满意度测评")

    def ready(self):
        from auditlog.registry import auditlog

        from hexie.core.registries import INDICATORS, NAVIGATION

        from . import redact
        from .indicators import satisfaction_rate
        from .models import Response, Token

        for model in (Response, Token):  # anonymous: never audit-logged (see models.audit_exempt)
            if auditlog.contains(model):
                auditlog.unregister(model)
        redact.install()
        INDICATORS.register("surveys.satisfaction_rate", satisfaction_rate, label=_("职工满意度"), unit="%")
        NAVIGATION.add_entry("surveys.surveys", label=_("满意度测评"), url="survey-list", icon="mood-smile", order=45)
