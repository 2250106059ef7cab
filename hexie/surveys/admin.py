"""Only the survey itself is in the admin: tokens and answers are not, so no admin action or
admin log entry can touch or time an anonymous answer."""

from django.contrib import admin

from .models import Survey


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "enterprise", "status", "opens_on", "closes_on", "planned_tokens"]
    list_filter = ["status"]
    search_fields = ["title", "enterprise__name"]
    raw_id_fields = ["enterprise", "created_by"]
    readonly_fields = ["status", "created_at"]
