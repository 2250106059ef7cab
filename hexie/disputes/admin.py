"""Admin views of cases, for inspection only: a case's status moves only through its workflow."""

from django.contrib import admin

from .models import Claim, DisputeCase, Hearing, MediationAttempt, Party


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PartyInline(ReadOnlyInline):
    model = Party
    fields = ("side", "name", "representative")


class ClaimInline(ReadOnlyInline):
    model = Claim
    fields = ("kind", "amount", "final", "result", "awarded_amount")


class MediationInline(ReadOnlyInline):
    model = MediationAttempt
    fields = ("organization", "channel", "started_at", "ended_at", "outcome")


class HearingInline(ReadOnlyInline):
    model = Hearing
    fields = ("starts_at", "online", "notice_on", "status")


@admin.register(DisputeCase)
class DisputeCaseAdmin(admin.ModelAdmin):
    list_display = ("number", "arbitration_number", "enterprise", "cause", "status", "filed_on", "award_deadline")
    list_filter = ("status", "kind", "cause", "outcome")
    search_fields = ("number", "arbitration_number", "enterprise__name")
    raw_id_fields = ("worker", "enterprise", "region", "mediation_org", "commission", "created_by")
    inlines = [PartyInline, ClaimInline, MediationInline, HearingInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
