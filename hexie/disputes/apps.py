from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


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
        # the filing part adds: NAVIGATION entries "disputes.list" (case list) and "disputes.mine"

    def register_handling(self):
        """Mediation, arbitration and court linkage: the daily clock of reminders and alarms."""
        # the deadlines part adds: DAILY_JOBS entry "disputes.deadlines" (tasks.py handler)

    def register_statistics(self):
        """Statistics: the indicator, KPIs and risk signal other modules read."""
