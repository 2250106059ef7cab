"""Authorization-matrix rows of the contracts app's signing part (see tests/contracts/matrix.py),
and `issued_contract`, a contract handed to its worker with a rendered PDF, which the signing
tests share.

The worker's pages (`my/…`) show a worker their own contracts only: Lixia's staff and Quancheng's
HR have none, and Alice must not open Carol's (same enterprise) or Bob's. Sealing is the
enterprise's own act: nobody may seal Baotu Foods' contract but Baotu Foods.
"""

import hashlib

from django.core.files.base import ContentFile

from hexie.contracts.models import LaborContract
from hexie.contracts.pdf import ContractDocument, render_contract_pdf
from tests.contracts.factory import make_contract
from tests.matrix import Route

ROUTES: dict[str, Route] = {
    "contracts:my-contracts": Route("list"),
    "contracts:worker-contract": Route("worker-contract"),
    "contracts:worker-contract-pdf": Route("worker-contract"),
    "contracts:worker-code": Route("worker-contract", methods=("POST",)),
    "contracts:worker-sign": Route("worker-contract", methods=("POST",)),
    "contracts:worker-decline": Route("worker-contract", methods=("POST",)),
    "contracts:contract-seal": Route("contract-seal", methods=("POST",)),
    "contracts:verify": Route("public", methods=("GET", "POST")),
    "api:request_signing_code": Route("worker-contract", methods=("POST",)),
    "api:sign_contract": Route("worker-contract", methods=("POST",)),
    "api:decline_signing": Route("worker-contract", methods=("POST",)),
    "api:seal_contract": Route("contract-seal", methods=("POST",)),
    "api:verify_contract_file": Route("public", methods=("POST",)),
    "api:verify_contract_number": Route("public"),
}
KINDS = {"worker-contract", "contract-seal"}


def contract_pdf(contract: LaborContract) -> bytes:
    return render_contract_pdf(
        ContractDocument(
            number=contract.number,
            title="劳动合同书",
            parties=[
                ("甲方（用人单位）名称", contract.enterprise.name),
                ("乙方（劳动者）姓名", contract.worker.name),
            ],
            sections=[
                ("一、劳动合同期限", [f"本合同为固定期限劳动合同，自{contract.start:%Y年%m月%d日}起。"]),
                ("二、工作内容和工作地点", [f"乙方从事{contract.position}工作，工作地点为{contract.work_place}。"]),
                ("三、劳动报酬", [f"乙方月工资为人民币{contract.wage}元，每月{contract.payday}日发放。"]),
            ],
        )
    )


def issued_contract(enterprise, worker, *, status="awaiting_worker", **fields) -> LaborContract:
    """A contract handed to its worker for signing: the rendered PDF stored as its document (what
    the drafting part's issue_contract leaves), status set directly as a fixture."""
    contract = make_contract(enterprise, worker, status=status, **fields)
    pdf = contract_pdf(contract)
    contract.document.save(f"{contract.number}.pdf", ContentFile(pdf), save=False)
    LaborContract.objects.filter(pk=contract.pk).update(
        document=contract.document.name, unsigned_sha256=hashlib.sha256(pdf).hexdigest()
    )
    contract.refresh_from_db()
    return contract


def own_and_foreign(world, kind: str, viewer: str):
    w = world
    if kind == "worker-contract":
        own = issued_contract(w.enterprise_a, w.alice_person) if viewer == "alice" else None
        foreign = issued_contract(w.enterprise_a, w.carol_person) if viewer == "alice" else None
        return own, foreign or issued_contract(w.enterprise_b, w.bob_person)
    if kind == "contract-seal":
        return None, issued_contract(w.enterprise_b, w.bob_person, status="awaiting_seal")
    raise AssertionError(f"no objects for kind {kind!r}")
