from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagesConfig(AppConfig):
    name = "hexie.wages"
    label = "wages"
    verbose_name = _("农民工工资支付监管")

    def ready(self):
        from hexie.core.apps import register_audit_for_hexie_models

        register_audit_for_hexie_models()
        self.register_projects()
        self.register_detection()
        self.register_blacklist()

    def register_projects(self):
        """Projects, rosters, attendance, accounts, allocations, deposits, payrolls: the menu."""
        from hexie.core.registries import NAVIGATION

        # intake (W2): the worker's own wages
        NAVIGATION.add_entry(
            "wages.mine", label=_("我的工资"), url="wages:mine", icon="wallet", order=72, workers_only=True
        )
        from hexie.core.registries import KPIS

        from .services import projects as _projects  # noqa: F401 (registers the roster import job)
        from .services import statistics

        NAVIGATION.add_entry(
            "wages.projects", label=_("在建工程项目"), url="wages:project-list", icon="building", order=70
        )
        NAVIGATION.add_entry(
            "wages.statistics", label=_("工资支付监管统计"), url="wages:statistics", icon="chart-bar", order=77
        )
        KPIS.register("wages.enrolment_rate", statistics.enrolment_rate_kpi, label=_("实名制登记完整率"), unit="%")
        KPIS.register(
            "wages.account_coverage", statistics.account_coverage_kpi, label=_("工资专用账户开设率"), unit="%"
        )
        KPIS.register("wages.payout_rate", statistics.payout_rate_kpi, label=_("农民工工资发放率"), unit="%")

    def register_detection(self):
        """The daily arrears check, the risk signal and the campaign veto (services/detection.py
        sends "veto_event" for each wage-arrears warning it opens), the warnings' menu entry."""
        from hexie.core.registries import DAILY_JOBS, NAVIGATION

        from .indicators import register_all

        register_all()
        DAILY_JOBS.add_entry("wages.arrears_check", label=_("欠薪预警检查"))
        NAVIGATION.add_entry(
            "wages.warnings", label=_("欠薪预警"), url="wages:warning-list", icon="alert-octagon", order=71
        )

    def register_blacklist(self):
        """Complaints and the lists: the menu, the public page, the daily expiry of listings."""
        from hexie.core.registries import DAILY_JOBS, NAVIGATION

        NAVIGATION.add_entry(
            "wages.complaint", label=_("欠薪投诉"), url="wages:complaint-file", icon="message-report", order=73,
            workers_only=True,
        )  # fmt: skip
        NAVIGATION.add_entry(
            "wages.complaints", label=_("欠薪投诉处理"), url="wages:complaint-list", icon="alert-triangle", order=74,
            staff_only=True,
        )  # fmt: skip
        NAVIGATION.add_entry("wages.lists", label=_("欠薪失信名单"), url="wages:listing-list", icon="ban", order=75)
        NAVIGATION.add_entry(
            "wages.blacklist",
            label=_("失信惩戒名单公示"),
            url="wages:blacklist-public",
            icon="world",
            order=76,
            public=True,
        )
        DAILY_JOBS.add_entry("wages.listing_expiry", label=_("失信名单期满移出"))
