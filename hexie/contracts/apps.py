from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "hexie.contracts"
    label = "contracts"
    verbose_name = _("电子劳动合同")

    def ready(self):
        from hexie.core.apps import register_audit_for_hexie_models

        register_audit_for_hexie_models()
        self.register_drafting()
        self.register_signing()
        self.register_lifecycle()
        self.register_collective()

    def register_drafting(self):
        """Templates, drafting, the contract list and batch issue: the menu."""
        from hexie.core.registries import NAVIGATION

        NAVIGATION.add_entry(
            "contracts.list", label=_("劳动合同"), url="contracts:contract-list", icon="file-certificate", order=48
        )
        NAVIGATION.add_entry(
            "contracts.templates", label=_("合同模板"), url="contracts:template-list", icon="template", order=49
        )

    def register_signing(self):
        """Signing and verification: the worker's own contracts, the public verifier, the daily
        resumption of signings queued while the time-stamping service was down."""
        from hexie.core.registries import DAILY_JOBS, NAVIGATION

        NAVIGATION.add_entry(
            "contracts.mine",
            label=_("我的合同"),
            url="contracts:my-contracts",
            icon="signature",
            order=50,
            workers_only=True,
        )
        NAVIGATION.add_entry(
            "contracts.verify", label=_("合同验证"), url="contracts:verify", icon="shield-check", order=58, public=True
        )
        DAILY_JOBS.add_entry("contracts.resume_signings", label=_("补签时间戳服务中断时排队的签署"))

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

    def register_lifecycle(self):
        """Lifecycle and statistics: the signing-rate indicator, KPI and risk signal, the daily
        expiry reminders, the menu."""
        from hexie.core.registries import DAILY_JOBS, NAVIGATION

        from .indicators import register_all

        register_all()
        DAILY_JOBS.add_entry("contracts.expiry_reminders", label=_("劳动合同到期提醒、期满终止"))
        NAVIGATION.add_entry(
            "contracts.statistics", label=_("签订情况统计"), url="contracts:statistics", icon="chart-bar", order=53
        )
        NAVIGATION.add_entry(
            "contracts.expiring", label=_("即将到期合同"), url="contracts:expiring-list", icon="calendar-due", order=54
        )
