from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "hexie.contracts"
    label = "contracts"
    verbose_name = _("电子劳动合同")

    def ready(self):
        from hexie.core.apps import register_audit_for_hexie_models

        register_audit_for_hexie_models()
        self.register_collective()

    def register_collective(self):
        """Collective contracts (集体合同): the indicator the campaign reads, the review clock, the menu."""
        from hexie.core.registries import DAILY_JOBS, INDICATORS, NAVIGATION

        from .services.collective import collective_contract_in_force

        INDICATORS.register(
            "contracts.collective_contract_in_force", collective_contract_in_force, label=_("集体合同在有效期内")
        )
        DAILY_JOBS.add_entry("contracts.collective_clock", label=_("集体合同审查期满生效、到期"))
        NAVIGATION.add_entry(
            "contracts.collective", label=_("集体合同"), url="contracts:collective-list", icon="users-group", order=52
        )
