from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "hexie.contracts"
    label = "contracts"
    verbose_name = _("电子劳动合同")

    def ready(self):
        from hexie.core.apps import register_audit_for_hexie_models

        register_audit_for_hexie_models()
