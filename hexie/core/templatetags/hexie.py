"""Template helpers of the shell: table cells, sort headers, icons, money and status badges."""

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Model
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..scoping import scoped

register = template.Library()

STATUS_COLORS = {
    "queued": "secondary",
    "running": "blue",
    "done": "green",
    "failed": "red",
    "holiday": "red",
    "workday": "orange",
}


@register.simple_tag
def icon(name: str, extra: str = ""):
    """A Tabler webfont icon: {% icon "building" %}."""
    return format_html('<i class="ti ti-{} icon {}" aria-hidden="true"></i>', name, extra)


@register.filter
def money(value):
    """¥1,234.56 from a Decimal (two places, never through float)."""
    if value in (None, ""):
        return "—"
    return f"¥{Decimal(value).quantize(Decimal('0.01')):,}"


def _format(column, value):
    if value is None or value == "":
        return mark_safe('<span class="text-secondary">—</span>')
    if column.kind == "bool" or isinstance(value, bool):
        return format_html(
            '<span class="badge bg-{}-lt">{}</span>',
            "green" if value else "secondary",
            _("是") if value else _("否"),
        )
    if column.kind == "money":
        return money(value)
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if column.kind == "number" and isinstance(value, int):
        return intcomma(value)
    return value


def _visible(context, obj: Model) -> bool:
    """Whether the user may open `obj` (so a link to it would not end in a 404); cached per page."""
    cache = context.render_context.setdefault("hexie_visible", {})
    key = (type(obj), obj.pk)
    if key not in cache:
        request = context.get("request")
        user = getattr(request, "user", None)
        cache[key] = user is not None and scoped(type(obj)._default_manager.filter(pk=obj.pk), user).exists()
    return cache[key]


@register.simple_tag(takes_context=True)
def cell(context, column, row):
    """One table cell: the column's value on `row`, formatted by kind, linked when asked (a related
    row only when the user may see it)."""
    value = column.value(row)
    if column.link and value is not None:
        related = isinstance(value, Model) and value is not row
        target = value if related else row
        url = getattr(target, "get_absolute_url", None)
        text = _("查看") if value is row else (value if related else _format(column, value))
        if url and (not related or _visible(context, value)):
            return format_html('<a href="{}">{}</a>', url(), text)
        return format_html("{}", text)
    return format_html("{}", _format(column, value))


@register.simple_tag(takes_context=True)
def sort_header(context, column):
    """A column header that sorts the list by it (ascending, then descending)."""
    if not column.sort:
        return format_html("{}", column.label)
    request = context["request"]
    current = context.get("sort", "")
    query = request.GET.copy()
    query.pop("page", None)
    descending = current == column.sort
    query["sort"] = f"-{column.sort}" if descending else column.sort
    arrow = ""
    if current.lstrip("-") == column.sort:
        arrow = "ti-chevron-down" if current.startswith("-") else "ti-chevron-up"
    return format_html(
        '<a class="table-sort-link" href="?{}">{}{}</a>',
        query.urlencode(),
        column.label,
        format_html(' <i class="ti {}" aria-hidden="true"></i>', arrow) if arrow else "",
    )


@register.filter
def status_badge(obj, field: str = "status"):
    """A coloured badge for a choice field: {{ job|status_badge }}."""
    value = getattr(obj, field)
    label = getattr(obj, f"get_{field}_display")()
    return format_html('<span class="badge bg-{}-lt">{}</span>', STATUS_COLORS.get(value, "secondary"), label)


@register.filter
def is_current(url: str, path: str) -> bool:
    """Whether a navigation entry's url is the page shown (or one of its sub-pages)."""
    return path == url if url == "/" else path.startswith(url)


@register.filter
def field_value(form, name):
    return form[name].value() if name in form.fields else ""


@register.filter
def elided_range(page):
    """Page numbers around the current one, with … where pages are left out."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.filter
def duration(value) -> str:
    """A timedelta in hours and minutes: “1 小时 30 分钟”."""
    minutes = int(value.total_seconds() // 60) if hasattr(value, "total_seconds") else 0
    hours, minutes = divmod(minutes, 60)
    parts = ([_("%(n)s 小时") % {"n": hours}] if hours else []) + (
        [_("%(n)s 分钟") % {"n": minutes}] if minutes else []
    )
    return " ".join(parts) or _("片刻")


@register.filter
def content_type_label(content_type) -> str:
    """The readable name of a content type's model (“组织”), or its raw name when the model is gone."""
    model = content_type.model_class()
    return model._meta.verbose_name if model else content_type.model


@register.filter
def changes_preview(entry, limit: int = 3):
    """The first few changed fields of an audit-log entry and how many more there are."""
    changes = list((entry.changes_dict or {}).items())
    return {
        "shown": [(field, change[0], change[1]) for field, change in changes[:limit]],
        "more": max(len(changes) - limit, 0),
    }
