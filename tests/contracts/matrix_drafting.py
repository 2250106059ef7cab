"""Authorization-matrix rows of the contracts app's drafting part (see tests/contracts/matrix.py).

Contracts are seen by Lixia's staff (their county), Quancheng's HR (their enterprise) and the
worker (their own); only the enterprise's HR changes a draft. Templates: the platform's model texts
are everyone's to read; an enterprise's own are seen within scope and edited by its HR only.
"""

from django.core.files.base import ContentFile

from hexie.contracts.models import ContractTemplate, LaborContract
from tests.contracts.factory import make_contract
from tests.matrix import Route

ROUTES: dict[str, Route] = {
    "contracts:contract-list": Route("list"),
    "contracts:contract-export": Route("list"),
    "contracts:contract-create": Route("list", methods=("GET", "POST")),
    "contracts:contract-detail": Route("contract"),
    "contracts:contract-document": Route("contract"),
    "contracts:contract-edit": Route("contract-draft", methods=("GET", "POST")),
    "contracts:contract-action": Route("contract-draft", methods=("POST",)),
    "contracts:template-list": Route("list"),
    "contracts:template-detail": Route("template"),
    "contracts:template-copy": Route("template", methods=("POST",)),
    "contracts:template-revise": Route("template", methods=("POST",)),
    "contracts:template-edit": Route("template-draft", methods=("GET", "POST")),
    "contracts:template-publish": Route("template-draft", methods=("POST",)),
    "contracts:clause-add": Route("template-draft", methods=("GET", "POST")),
    "contracts:clause-edit": Route("clause", methods=("GET", "POST")),
    "contracts:clause-delete": Route("clause", methods=("POST",)),
    "contracts:batch-start": Route("list", methods=("GET", "POST")),
    "contracts:batch-template": Route("list"),
    "api:list_contracts": Route("list", methods=("GET", "POST")),
    "api:get_contract": Route("contract", methods=("GET", "PATCH")),
    "api:check_contract": Route("contract-draft", methods=("POST",)),
    "api:issue_contract": Route("contract-draft", methods=("POST",)),
    "api:list_contract_templates": Route("list"),
    "api:get_contract_template": Route("template"),
}
KINDS = {"contract", "contract-draft", "template", "template-draft", "clause"}


def _with_document(contract: LaborContract) -> LaborContract:
    contract.document.save(f"{contract.number}.pdf", ContentFile(b"%PDF-1.4 matrix"), save=False)
    LaborContract.objects.filter(pk=contract.pk).update(document=contract.document.name)
    contract.refresh_from_db()
    return contract


def _template(enterprise, *, published: bool) -> ContractTemplate:
    template = ContractTemplate.objects.create(
        code=f"M-{enterprise.pk}-{'P' if published else 'D'}",
        name=f"{enterprise.name}劳动合同",
        enterprise=enterprise,
        status=ContractTemplate.Status.PUBLISHED if published else ContractTemplate.Status.DRAFT,
    )
    template.clauses.create(order=10, key="term", heading="一、劳动合同期限", text="自{start}起。", mandatory=True)
    template.clauses.create(order=20, key="custom-1", heading="十、保密", text="保守秘密。", source="enterprise")
    return template


def own_and_foreign(world, kind: str, viewer: str):
    w = world
    if kind == "contract":
        own = {
            "lixia": (w.enterprise_a, w.alice_person),
            "hr_a": (w.enterprise_a, w.carol_person),
            "alice": (w.enterprise_a, w.alice_person),
        }[viewer]
        foreign = make_contract(w.enterprise_b, w.bob_person, status="awaiting_worker")
        return _with_document(make_contract(*own, status="awaiting_worker")), _with_document(foreign)
    if kind == "contract-draft":
        own = make_contract(w.enterprise_a, w.carol_person) if viewer == "hr_a" else None
        return own, make_contract(w.enterprise_b, w.bob_person)
    if kind == "template":
        own = _template(w.enterprise_a, published=True) if viewer in ("lixia", "hr_a") else None
        if viewer == "alice":
            own = ContractTemplate.objects.get(enterprise=None, code="MODEL-FIXED", version=1)
        return own, _template(w.enterprise_b, published=True)
    if kind == "template-draft":
        own = _template(w.enterprise_a, published=False) if viewer == "hr_a" else None
        return own, _template(w.enterprise_b, published=False)
    if kind == "clause":
        own = _template(w.enterprise_a, published=False).clauses.get(key="custom-1") if viewer == "hr_a" else None
        return own, _template(w.enterprise_b, published=False).clauses.get(key="custom-1")
    raise AssertionError(f"no objects for kind {kind!r}")
