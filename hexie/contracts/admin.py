"""Admin views of templates and contracts, for inspection. Contracts and published templates are
read-only here: a contract's status moves only through its workflow and its text is fixed once
issued, so every change goes through the services."""

from django.contrib import admin

from .models import ContractTemplate, LaborContract, NumberSequence, TemplateClause


class ClauseInline(admin.TabularInline):
    model = TemplateClause
    extra = 0
    fields = ("order", "key", "heading", "text", "source", "mandatory")

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.frozen

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(ContractTemplate)
class ContractTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "version", "kind", "term_kind", "enterprise", "status", "published_at")
    list_filter = ("kind", "status", "term_kind")
    search_fields = ("name", "code", "enterprise__name")
    raw_id_fields = ("enterprise", "based_on", "created_by")
    readonly_fields = ("status", "published_at", "created_at")
    inlines = [ClauseInline]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.frozen


@admin.register(LaborContract)
class LaborContractAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "worker", "enterprise", "term_kind", "start", "end", "status", "issued_at")
    list_filter = ("kind", "status", "term_kind")
    search_fields = ("number", "worker__name", "enterprise__name")
    list_select_related = ("worker", "enterprise")
    raw_id_fields = ("enterprise", "worker", "employment", "template", "supersedes", "batch", "created_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NumberSequence)
class NumberSequenceAdmin(admin.ModelAdmin):
    list_display = ("prefix", "last")
    search_fields = ("prefix",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
