"""Admin views of the wages app, for inspection. Workflows (warnings, complaints, listings) move
only through their services, so their status is read-only here; roster, account and money rows are
changed through the project pages, which check the rules."""

from django.contrib import admin

from .models import (
    Allocation,
    ArrearsWarning,
    Complaint,
    Deposit,
    Listing,
    Payout,
    Payroll,
    Project,
    RosterEntry,
    SpecialAccount,
    Subcontract,
)


class SubcontractInline(admin.TabularInline):
    model = Subcontract
    extra = 0
    fk_name = "project"
    raw_id_fields = ("subcontractor", "parent")


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region", "general_contractor", "contract_amount", "status", "payday")
    list_filter = ("status", "notice_board", "deposit_exempt")
    search_fields = ("code", "name", "general_contractor__name", "construction_unit__name")
    raw_id_fields = ("region", "construction_unit", "general_contractor", "grid_member", "notice_board_photo")
    inlines = [SubcontractInline]


@admin.register(RosterEntry)
class RosterEntryAdmin(admin.ModelAdmin):
    list_display = ("project", "badge", "person", "employer", "rate", "rate_kind", "contract_signed", "left_on")
    list_filter = ("rate_kind", "contract_signed")
    search_fields = ("badge", "person__name", "project__code")
    raw_id_fields = ("project", "person", "employer")


@admin.register(SpecialAccount)
class SpecialAccountAdmin(admin.ModelAdmin):
    list_display = ("project", "bank", "account_masked", "opened_on", "close_notice_on", "closed_on")
    raw_id_fields = ("project",)


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin):
    list_display = ("project", "month", "scheduled", "paid", "paid_on", "bank_reference")
    search_fields = ("project__code", "bank_reference")
    raw_id_fields = ("project",)


@admin.register(Deposit)
class DepositAdmin(admin.ModelAdmin):
    list_display = ("project", "form", "amount", "used", "deposited_on", "expires_on", "returned_on")
    list_filter = ("form",)
    raw_id_fields = ("project",)


@admin.register(Payroll)
class PayrollAdmin(admin.ModelAdmin):
    list_display = ("project", "person", "month", "gross", "net")
    raw_id_fields = ("project", "person", "employer", "job")


@admin.register(Payout)
class PayoutAdmin(admin.ModelAdmin):
    list_display = ("project", "person", "month", "amount", "paid_on", "bank_reference")
    search_fields = ("bank_reference",)
    raw_id_fields = ("project", "person", "job")


class ReadOnlyStatus(admin.ModelAdmin):
    readonly_fields = ("status",)


@admin.register(ArrearsWarning)
class ArrearsWarningAdmin(ReadOnlyStatus):
    list_display = ("project", "kind", "month", "status", "workers", "amount", "deadline")
    list_filter = ("kind", "status")
    raw_id_fields = ("project", "assigned_to", "inspection")


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyStatus):
    list_display = ("number", "employer", "amount", "status", "filed_at")
    list_filter = ("status",)
    raw_id_fields = ("person", "project", "employer", "region", "handler")


@admin.register(Listing)
class ListingAdmin(ReadOnlyStatus):
    list_display = ("organization", "kind", "status", "proposed_on", "listed_on", "expires_on")
    list_filter = ("kind", "status")
    raw_id_fields = ("organization", "region")
