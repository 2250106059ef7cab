from django.contrib import admin

from .models import (
    ApiToken,
    Attachment,
    CalendarDay,
    CalendarYear,
    Employment,
    Job,
    Membership,
    Organization,
    Person,
    Region,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "uscc", "region", "industry", "headcount")
    list_filter = ("kind", "industry", "size")
    search_fields = ("name", "uscc")
    raw_id_fields = ("region", "parent")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "id_masked", "sex", "birth_date", "region")
    search_fields = ("name",)
    raw_id_fields = ("region", "user")
    readonly_fields = ("id_masked", "phone_masked", "birth_date", "sex")


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin):
    list_display = ("person", "enterprise", "kind", "start", "end")
    list_filter = ("kind",)
    raw_id_fields = ("person", "enterprise")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role")
    list_filter = ("role",)
    raw_id_fields = ("user", "organization")


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("kind", "status", "progress", "total", "created_by", "created_at")
    list_filter = ("status", "kind")


admin.site.register(Attachment)
admin.site.register(CalendarDay)
admin.site.register(CalendarYear)
admin.site.register(ApiToken)
