from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "hexie.campaign"
    label = "campaign"
    verbose_name = _("和谐劳动关系创建")

    def ready(self):
        from hexie.core.apps import register_audit_for_hexie_models
        from hexie.core.registries import DAILY_JOBS, EVENTS, NAVIGATION, QUERIES

        from .indicators import register_all
        from .services.namings import named_status, record_veto_event

        register_all()  # computed indicators from core data and veto events (campaign/indicators.py)

        NAVIGATION.add_entry(
            "campaign.applications", label=_("创建申报"), url="campaign:application-list", icon="award", order=40
        )
        NAVIGATION.add_entry(
            "campaign.systems", label=_("指标体系"), url="campaign:system-list", icon="list-check", order=41
        )
        NAVIGATION.add_entry(
            "campaign.namings", label=_("命名与复核"), url="campaign:naming-list", icon="certificate", order=42
        )
        EVENTS.connect("veto_event", record_veto_event)  # wages, disputes… record veto events
        QUERIES.register("campaign.named_status", named_status, label=_("命名状态（激励措施）"))
        NAVIGATION.add_entry(
            "campaign.public_list",
            label=_("和谐单位名单"),
            url="campaign:public-list",
            icon="list",
            order=46,
            public=True,
        )
        NAVIGATION.add_entry(
            "campaign.public_notice",
            label=_("创建公示"),
            url="campaign:public-notice",
            icon="speakerphone",
            order=47,
            public=True,
        )
        DAILY_JOBS.add_entry("campaign.schedule_rechecks", label=_("安排到期复核"))
        register_audit_for_hexie_models()
