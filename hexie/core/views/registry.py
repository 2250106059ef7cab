"""The registry pages: organizations, people and employments, each a list, a detail and an export."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..exports import Column
from ..models import Employment, Industry, Organization, Person
from ..scoping import scoped
from .generic import (
    Active,
    Choice,
    ModelChoice,
    RegionPrefix,
    Related,
    ScopedDetailView,
    ScopedListView,
    Search,
)

EMPLOYMENT_COLUMNS_FOR_ORG = [
    Column(_("姓名"), "person.name"),
    Column(_("岗位"), "position"),
    Column(_("用工形式"), "kind"),
    Column(_("入职日期"), "start", kind="date"),
    Column(_("离职日期"), "end", kind="date"),
    Column(_("详情"), lambda e: e, link=True),
]

EMPLOYMENT_COLUMNS_FOR_PERSON = [
    Column(_("用人单位"), "enterprise", link=True),
    Column(_("岗位"), "position"),
    Column(_("用工形式"), "kind"),
    Column(_("入职日期"), "start", kind="date"),
    Column(_("离职日期"), "end", kind="date"),
    Column(_("状态"), "active", kind="bool"),
]


class OrganizationList(ScopedListView):
    model = Organization
    select_related = ("region",)
    filters = {
        "q": Search("name", "uscc", label=_("名称或信用代码")),
        "region": RegionPrefix("region__code"),
        "kind": Choice("kind"),
        "industry": Choice("industry", choices=Industry.choices),
    }
    columns = [
        Column(_("名称"), "name", sort="name", link=True),
        Column(_("统一社会信用代码"), "uscc", sort="uscc"),
        Column(_("类型"), "kind", sort="kind"),
        Column(_("所在地区"), "region.name", sort="region_id"),
        Column(_("行业"), "industry", sort="industry"),
        Column(_("职工人数"), "headcount", kind="number", sort="headcount"),
        Column(_("成立日期"), "established", kind="date", sort="established"),
    ]


class OrganizationDetail(ScopedDetailView):
    model = Organization
    select_related = ("region__parent__parent", "parent")
    fields = [
        Column(_("统一社会信用代码"), "uscc"),
        Column(_("类型"), "kind"),
        Column(_("所在地区"), lambda o: o.region.full_name()),
        Column(_("行业"), "industry"),
        Column(_("经济类型"), "ownership"),
        Column(_("规模"), "size"),
        Column(_("职工人数"), "headcount", kind="number"),
        Column(_("法定代表人"), "legal_representative"),
        Column(_("地址"), "address"),
        Column(_("成立日期"), "established", kind="date"),
        Column(_("上级单位"), "parent", link=True),
    ]

    def get_related(self):
        org, user = self.object, self.request.user
        employments = scoped(Employment.objects.filter(enterprise=org).select_related("person"), user)
        children = scoped(Organization.objects.filter(parent=org).select_related("region"), user)
        return [
            Related(
                _("用工人员"),
                EMPLOYMENT_COLUMNS_FOR_ORG,
                employments,
                more_url=f"{reverse('employment-list')}?enterprise={org.pk}",
            ),
            Related(
                _("下属单位"),
                [
                    Column(_("名称"), "name", link=True),
                    Column(_("类型"), "kind"),
                    Column(_("所在地区"), "region.name"),
                ],
                children,
            ),
        ]


class PersonList(ScopedListView):
    model = Person
    select_related = ("region",)
    filters = {
        "q": Search("name", label=_("姓名")),
        "region": RegionPrefix("region__code"),
        "sex": Choice("sex"),
    }
    columns = [
        Column(_("姓名"), "name", sort="name", link=True),
        Column(_("身份证号"), "id_masked"),
        Column(_("性别"), "sex", sort="sex"),
        Column(_("出生日期"), "birth_date", kind="date", sort="birth_date"),
        Column(_("手机号"), "phone_masked"),
        Column(_("所在地区"), "region.name", sort="region_id"),
    ]


class PersonDetail(ScopedDetailView):
    model = Person
    select_related = ("region__parent__parent",)
    fields = [
        Column(_("姓名"), "name"),
        Column(_("身份证号"), "id_masked"),
        Column(_("性别"), "sex"),
        Column(_("出生日期"), "birth_date", kind="date"),
        Column(_("年龄"), "age", kind="number"),
        Column(_("手机号"), "phone_masked"),
        Column(_("所在地区"), lambda p: p.region.full_name()),
    ]

    def get_related(self):
        rows = scoped(Employment.objects.filter(person=self.object).select_related("enterprise"), self.request.user)
        return [Related(_("用工记录"), EMPLOYMENT_COLUMNS_FOR_PERSON, rows)]


class EmploymentList(ScopedListView):
    model = Employment
    select_related = ("person", "enterprise__region")
    filters = {
        "q": Search("person__name", "enterprise__name", "position", label=_("姓名、单位或岗位")),
        "region": RegionPrefix("enterprise__region__code"),
        "enterprise": ModelChoice("enterprise", Organization.objects.filter(kind=Organization.Kind.ENTERPRISE)),
        "kind": Choice("kind"),
        "active": Active("end"),
    }
    columns = [
        Column(_("姓名"), "person.name", sort="person__name"),
        Column(_("用人单位"), "enterprise.name", sort="enterprise__name"),
        Column(_("岗位"), "position", sort="position"),
        Column(_("用工形式"), "kind", sort="kind"),
        Column(_("入职日期"), "start", kind="date", sort="start"),
        Column(_("离职日期"), "end", kind="date", sort="end"),
        Column(_("在职"), "active", kind="bool"),
        Column(_("详情"), lambda e: e, link=True, export=False),
    ]


class EmploymentDetail(ScopedDetailView):
    model = Employment
    select_related = ("person", "enterprise__region")
    fields = [
        Column(_("人员"), "person", link=True),
        Column(_("用人单位"), "enterprise", link=True),
        Column(_("岗位"), "position"),
        Column(_("用工形式"), "kind"),
        Column(_("入职日期"), "start", kind="date"),
        Column(_("离职日期"), "end", kind="date"),
        Column(_("在职"), "active", kind="bool"),
    ]
