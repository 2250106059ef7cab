from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The handlers' menu entries show to the region's staff and to these roles only (never to a worker
# or an enterprise user: hexie.core.context_processors.shell reads `roles`).
MEDIATION_HANDLERS = ("mediator", "coordinator")
ARBITRATION_HANDLERS = ("arbitrator",)
COURT_HANDLERS = ("court_liaison", "arbitrator")


class DisputesConfig(AppConfig):
    name = "hexie.disputes"
    label = "disputes"
    verbose_name = _("劳动争议调解仲裁")

    def ready(self):
        from hexie.core.apps import register_audit_for_hexie_models

        register_audit_for_hexie_models()
        self.register_filing()
        self.register_handling()
        self.register_statistics()

    def register_filing(self):
        """Filing and the worker's own cases: the menu."""
        from hexie.core.registries import NAVIGATION

        NAVIGATION.add_entry("disputes.list", label=_("劳动争议案件"), url="disputes:case-list", icon="scale", order=60)
        NAVIGATION.add_entry(
            "disputes.mine", label=_("我的案件"), url="disputes:my-cases", icon="scale", order=61, workers_only=True
        )

    def register_handling(self):
        """Mediation, arbitration and court linkage: the daily clock of reminders and alarms."""
        # the deadlines part adds: DAILY_JOBS entry "disputes.deadlines" (tasks.py handler)
        from hexie.core.registries import DAILY_JOBS, NAVIGATION

        # the mediation part: the mediators' work queue (cases being mediated, days left)
        NAVIGATION.add_entry(
            "disputes.mediation",
            label=_("调解工作台"),
            url="disputes:mediation-queue",
            icon="messages",
            order=62,
            roles=MEDIATION_HANDLERS,
        )
        # the arbitration part: the arbitrators' hearing calendar
        NAVIGATION.add_entry(
            "disputes.hearings",
            label=_("开庭日历"),
            url="disputes:hearing-calendar",
            icon="calendar-event",
            order=63,
            roles=ARBITRATION_HANDLERS,
        )
        DAILY_JOBS.add_entry("disputes.deadlines", label=_("劳动争议办案期限提醒、超期预警、裁决生效"))

    def register_statistics(self):
        """Statistics: the indicator, KPIs and risk signal other modules read."""
        from hexie.core.registries import NAVIGATION

        from .indicators import register_all

        register_all()
        NAVIGATION.add_entry(
            "disputes.statistics", label=_("争议案件统计"), url="disputes:statistics", icon="chart-bar", order=66
        )
        NAVIGATION.add_entry(
            "disputes.court",
            label=_("裁审衔接"),
            url="disputes:court-cases",
            icon="building-bank",
            order=67,
            roles=COURT_HANDLERS,
        )
