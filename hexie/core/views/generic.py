"""Scoped list, detail and export views every module reuses (the NetBox way: declare, don't repeat).

    class OrganizationList(ScopedListView):
        model = Organization
        filters = {"q": Search("name", "uscc"), "region": RegionPrefix(), "kind": Choice("kind")}
        columns = [Column(_("名称"), "name", sort="name", link=True), Column(_("类型"), "kind")]

    urlpatterns += model_urls("organizations", "organization", OrganizationList, OrganizationDetail)

A list filters by GET parameters, sorts (`?sort=name`, `?sort=-name`), paginates 50 rows a page
and exports the same filtered rows to .xlsx (`…/export/?<same query>`). Every query starts from
`scoped(queryset, request.user)`, so a list, its export and a detail (404 outside the scope) never
show what the user may not see.
"""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Model, Q, QuerySet
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from ..exports import Column, xlsx_response
from ..models import Region
from ..scoping import scoped, user_scope

__all__ = [
    "Active",
    "Choice",
    "Column",
    "Filter",
    "ModelChoice",
    "RegionPrefix",
    "Related",
    "ScopedDetailView",
    "ScopedListView",
    "Search",
    "model_urls",
    "region_choices",
]

ANY = ("", _("全部"))


class Filter:
    """One GET parameter of a list: the form field that validates it and how it narrows the rows."""

    def __init__(self, label=None):
        self.label = label

    def form_field(self, view) -> forms.Field | None:
        raise NotImplementedError

    def apply(self, queryset: QuerySet, value) -> QuerySet:
        raise NotImplementedError


class Search(Filter):
    """`q`: case-insensitive text search over some fields (any of them matches)."""

    def __init__(self, *fields: str, label=None):
        super().__init__(label or _("关键词"))
        self.fields = fields

    def form_field(self, view):
        return forms.CharField(label=self.label, required=False, max_length=100)

    def apply(self, queryset, value):
        value = value.strip()
        if not value:
            return queryset
        q = Q()
        for field in self.fields:
            q |= Q(**{f"{field}__icontains": value})
        return queryset.filter(q)


class Choice(Filter):
    """An exact match on a field with choices (taken from the model unless given)."""

    def __init__(self, field: str, choices=None, label=None):
        super().__init__(label)
        self.field = field
        self.choices = choices

    def form_field(self, view):
        model_field = view.model._meta.get_field(self.field.split("__")[0])
        choices = self.choices if self.choices is not None else model_field.choices
        return forms.ChoiceField(label=self.label or model_field.verbose_name, required=False, choices=[ANY, *choices])

    def apply(self, queryset, value):
        return queryset.filter(**{self.field: value}) if value else queryset


def region_choices(user) -> list[tuple[str, str]]:
    """Region prefixes a user may filter on: cities and counties under their regions (townships
    too for a county user). Empty for users without a region scope."""
    scope = user_scope(user)
    if scope.everything:
        regions = Region.objects.filter(level__in=[Region.Level.CITY, Region.Level.COUNTY])
    elif scope.regions:
        q = Q()
        for prefix in scope.regions:
            levels = [Region.Level.CITY, Region.Level.COUNTY] + ([Region.Level.TOWNSHIP] if len(prefix) >= 6 else [])
            q |= Q(code__startswith=prefix, level__in=levels)
        regions = Region.objects.filter(q)
    else:
        return []
    indent = {Region.Level.CITY: "", Region.Level.COUNTY: "　", Region.Level.TOWNSHIP: "　　"}
    return [(r.prefix, f"{indent[r.level]}{r.name}") for r in regions.order_by("code")]


class RegionPrefix(Filter):
    """`region`: the rows whose region code starts with a chosen city's, county's or township's prefix."""

    def __init__(self, path: str = "region__code", label=None):
        super().__init__(label or _("地区"))
        self.path = path

    def form_field(self, view):
        choices = region_choices(view.request.user)
        if not choices:
            return None
        return forms.ChoiceField(label=self.label, required=False, choices=[ANY, *choices])

    def apply(self, queryset, value):
        return queryset.filter(**{f"{self.path}__startswith": value}) if value else queryset


class ModelChoice(Filter):
    """A related row chosen among those the user may see: a select when they are few, an id box otherwise."""

    SELECT_LIMIT = 200

    def __init__(self, field: str, queryset: QuerySet, label=None):
        super().__init__(label)
        self.field = field
        self.queryset = queryset

    def form_field(self, view):
        options = scoped(self.queryset.all(), view.request.user)
        label = self.label or view.model._meta.get_field(self.field).verbose_name
        field = forms.ModelChoiceField(label=label, required=False, queryset=options, empty_label=str(ANY[1]))
        if options.count() > self.SELECT_LIMIT:
            field.widget = forms.NumberInput(attrs={"placeholder": _("编号")})
        return field

    def apply(self, queryset, value):
        return queryset.filter(**{self.field: value}) if value else queryset


class Active(Filter):
    """`active`: in force today (no end, or an end not yet passed) or ended."""

    def __init__(self, end: str = "end", label=None):
        super().__init__(label or _("状态"))
        self.end = end

    def form_field(self, view):
        return forms.ChoiceField(label=self.label, required=False, choices=[ANY, ("1", _("在职")), ("0", _("已离职"))])

    def apply(self, queryset, value):
        current = Q(**{f"{self.end}__isnull": True}) | Q(**{f"{self.end}__gte": timezone.localdate()})
        if value == "1":
            return queryset.filter(current)
        if value == "0":
            return queryset.exclude(current)
        return queryset


class ScopedMixin(LoginRequiredMixin):
    model: type[Model]
    select_related: tuple[str, ...] = ()

    def base_queryset(self) -> QuerySet:
        queryset = self.model._default_manager.all()
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        return scoped(queryset, self.request.user)


class ScopedListView(ScopedMixin, ListView):
    """A filtered, sorted, paginated list within the user's scope, and its .xlsx export."""

    template_name = "core/generic_list.html"
    paginate_by = 50
    filters: dict[str, Filter] = {}
    columns: list[Column] = []
    export_columns: list[Column] | None = None
    title = None
    url_base = ""  # "organization" for organization-list / -export / -detail (set by model_urls)
    export = False

    def get(self, request, *args, **kwargs):
        if self.export:
            name = self.url_base or self.model._meta.model_name
            return xlsx_response(self.get_queryset(), self.export_columns or self.columns, name, str(self.get_title()))
        return super().get(request, *args, **kwargs)

    def get_title(self):
        return self.title or self.model._meta.verbose_name_plural

    def get_filter_form(self) -> forms.Form:
        if not hasattr(self, "_filter_form"):
            form = forms.Form(self.request.GET or None)
            for name, spec in self.filters.items():
                field = spec.form_field(self)
                if field is not None:
                    form.fields[name] = field
            self._filter_form = form
        return self._filter_form

    def sort_fields(self) -> set[str]:
        return {c.sort for c in self.columns if c.sort}

    def current_sort(self) -> str:
        sort = self.request.GET.get("sort", "")
        return sort if sort.lstrip("-") in self.sort_fields() else ""

    def get_queryset(self):
        queryset = self.base_queryset()
        form = self.get_filter_form()
        if form.is_bound and form.is_valid():
            for name, value in form.cleaned_data.items():
                if value not in (None, ""):
                    queryset = self.filters[name].apply(queryset, value)
        sort = self.current_sort()
        ordering = [sort] if sort else list(self.model._meta.ordering)
        return queryset.order_by(*ordering, "pk")

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        name = self.url_base or self.model._meta.model_name
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            title=self.get_title(),
            columns=self.columns,
            filter_form=self.get_filter_form(),
            filtered=any(v for k, v in self.request.GET.items() if k in self.filters),
            sort=self.current_sort(),
            export_url=self.export_url(name, query.urlencode()),
        )
        return context

    @staticmethod
    def export_url(name: str, query: str) -> str:
        try:
            return f"{reverse(f'{name}-export')}?{query}"
        except NoReverseMatch:
            return ""


class Related:
    """A table of related rows on a detail page (a company's employments, a person's jobs)."""

    def __init__(self, title, columns: list[Column], rows, more_url: str = "", limit: int = 20):
        self.title = title
        self.columns = columns
        self.total = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
        self.rows = list(rows[:limit])
        self.more_url = more_url if self.total > limit else ""


class ScopedDetailView(ScopedMixin, DetailView):
    """One row, 404 when it lies outside the user's scope; `fields` are shown, `get_related` adds tables."""

    template_name = "core/generic_detail.html"
    fields: list[Column] = []
    list_url_name = ""

    def get_queryset(self):
        return self.base_queryset()

    def get_related(self) -> list[Related]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=str(self.object),
            model_title=self.model._meta.verbose_name_plural,
            fields=[(c.label, c, self.object) for c in self.fields],
            related=self.get_related(),
            list_url=reverse(self.list_url_name) if self.list_url_name else "",
        )
        return context


def model_urls(
    route: str, name: str, list_view: type[ScopedListView], detail_view: type[ScopedDetailView] | None = None
):
    """`<name>-list`, `<name>-export` and `<name>-detail` under `<route>/`."""
    patterns = [
        path(f"{route}/", list_view.as_view(url_base=name), name=f"{name}-list"),
        path(f"{route}/export/", list_view.as_view(url_base=name, export=True), name=f"{name}-export"),
    ]
    if detail_view is not None:
        patterns.append(
            path(f"{route}/<int:pk>/", detail_view.as_view(list_url_name=f"{name}-list"), name=f"{name}-detail")
        )
    return patterns
