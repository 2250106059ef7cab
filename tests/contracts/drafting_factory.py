"""Helpers of the drafting, template and batch tests: the seeded model texts and a lawful set of
draft fields (start a week from today, so no written-contract warning depends on the test date)."""

from datetime import date, timedelta
from decimal import Decimal

from hexie.contracts.models import ContractTemplate

MODEL_CODES = {
    "fixed": "MODEL-FIXED",
    "open_ended": "MODEL-OPEN",
    "task": "MODEL-TASK",
    "part_time": "MODEL-PART",
    "platform": "MODEL-PLATFORM",
}


def model_text(kind: str = "fixed") -> ContractTemplate:
    return ContractTemplate.objects.get(enterprise=None, code=MODEL_CODES[kind], version=1)


def lawful_fields(*, start: date | None = None, end: date | None = "three years") -> dict:
    """A three-year fixed term with two months' probation at 80% pay, every LCL-17 clause filled."""
    start = start or date.today() + timedelta(days=7)
    if end == "three years":
        end = start.replace(year=start.year + 3) - timedelta(days=1)
    return {
        "term_kind": "fixed",
        "start": start,
        "end": end,
        "probation_end": start + timedelta(days=40),
        "position": "装配工",
        "job_description": "机械装配",
        "work_place": "济南市历下区",
        "hours_system": "standard",
        "rest": "每周休息两日，享受法定节假日",
        "wage": Decimal("5000.00"),
        "wage_form": "monthly",
        "probation_wage": Decimal("4000.00"),
        "payday": 10,
        "social_insurance": "依法参加社会保险",
        "protection": "提供劳动保护用品",
        "worker_address": "济南市历下区泉城路1号",
        "worker_requested_fixed_term": False,
    }


def with_addresses(world):
    """The named world's enterprises with the address and legal representative LCL-17 asks for."""
    for org, address, person in (
        (world.enterprise_a, "济南市历下区经十路100号", "赵国栋"),
        (world.enterprise_b, "济南市市中区趵突泉南路1号", "钱文华"),
    ):
        org.address, org.legal_representative = address, person
        org.save(update_fields=["address", "legal_representative"])
    return world
