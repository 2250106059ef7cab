"""Contracts in any state for tests of one part without walking the others' flows.

    contract = make_contract(world.enterprise_a, world.alice_person)                 # a lawful draft
    contract = make_contract(world.enterprise_b, world.bob_person, status="in_force")

`status` other than "draft" is set directly (a fixture, not the workflow); the signing part's own
tests walk the real flow.
"""

import itertools
from datetime import date
from decimal import Decimal

from hexie.contracts.models import ContractTemplate, Kind, LaborContract, TemplateClause

_numbers = itertools.count(1)


def make_template(enterprise=None, *, kind=Kind.LABOR, code="TEST-FIXED") -> ContractTemplate:
    template, created = ContractTemplate.objects.get_or_create(
        enterprise=enterprise,
        code=code,
        version=1,
        defaults={"name": "测试劳动合同", "kind": kind, "status": ContractTemplate.Status.PUBLISHED},
    )
    if created:
        TemplateClause.objects.create(
            template=template,
            order=1,
            key="term",
            heading="一、劳动合同期限",
            text="合同期限自{start}起。",
            mandatory=True,
        )
    return template


def make_contract(enterprise, worker, *, status="draft", kind=Kind.LABOR, **fields) -> LaborContract:
    values = {
        "term_kind": "fixed",
        "start": date(2026, 1, 1),
        "end": date(2028, 12, 31),
        "probation_end": date(2026, 2, 28),
        "first_work_day": date(2026, 1, 1),
        "position": "装配工",
        "job_description": "机械装配",
        "work_place": "济南市",
        "rest": "每周休息两日，享受法定节假日",
        "wage": Decimal("5000.00"),
        "probation_wage": Decimal("4500.00"),
        "social_insurance": "依法参加社会保险",
        "protection": "提供劳动保护用品",
        "worker_address": "济南市历下区泉城路1号",
        **fields,
    }
    contract = LaborContract.objects.create(
        number=f"HT-{enterprise.region_id}-T{next(_numbers):06d}",
        kind=kind,
        enterprise=enterprise,
        worker=worker,
        employment=worker.employments.filter(enterprise=enterprise).first(),
        template=make_template(kind=kind, code=f"TEST-{kind}"),
        **values,
    )
    if status != "draft":
        LaborContract.objects.filter(pk=contract.pk).update(status=status)
        contract.refresh_from_db()
    return contract
