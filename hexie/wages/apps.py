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

    def register_detection(self):
        """The daily arrears check, the risk signal and the campaign veto."""

    def register_blacklist(self):
        """Complaints and the lists: the menu and the public page."""
