"""Benchmark: issuing and fully signing labor contracts, beside the raw signature rates.

    .venv/bin/python bench/contracts.py                       # 2,000 contracts on 2 processes
    .venv/bin/python bench/contracts.py --contracts 200 --processes 1 --profile

Needs no database: the signing core (hexie/contracts/pki.py, signing.py, pdf.py) is a plain
library. A fresh platform CA and built-in TSA are made in a temporary SIGNING_DIR (not timed).
Then, timed, each process takes its share of the contracts and for each one:

1. renders the contract PDF (hexie.contracts.pdf: the model contract's nine sections, 3 A4 pages,
   wqy-microhei subset embedded);
2. issues the worker's certificate from the platform CA (new ECDSA P-256 key, RSA-signed
   certificate, written to SIGNING_DIR) — enterprises (50 of them) get theirs before the run;
3. signs as the worker (sign_pdf: visible stamp, PAdES B-T, RFC 3161 token from the built-in TSA);
4. seals as the enterprise in a second revision (same again).

Every 100th contract is checked after the run (not timed) with pyHanko's validator and, when
poppler's pdfsig and NSS's certutil are installed, with pdfsig; a copy with one byte changed must
fail both. The baseline, in the same run and the same processes: raw RSA-2048 PKCS#1 v1.5 SHA-256
signatures of a 32-byte message with the TSA's key (`cryptography`), and ECDSA P-256 signatures
with a signer key. Goal: >= 100 contracts/s on 2 cores.
"""

import argparse
import cProfile
import io
import multiprocessing
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hexie.settings")

ENTERPRISES = 50
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
SECTIONS = [
    (
        "",
        [
            (
                "根据《中华人民共和国劳动法》《中华人民共和国劳动合同法》等法律法规政策规定，甲乙双方遵循合法、公"
                "平、平等自愿、协商一致、诚实信用的原则订立本合同。"
            ),
        ],
    ),
    (
        "一、劳动合同期限",
        [
            (
                "第一条 甲乙双方自用工之日起建立劳动关系，双方约定按下列第1种方式确定劳动合同期限：固定期限，自{start}"
                "起至{end}止，其中试用期自{start}起至{probation_end}止。"
            ),
            (
                "第二条 本合同期满前三十日，甲乙双方可以协商续订劳动合同；符合订立无固定期限劳动合同条件的，乙方"
                "提出或者同意续订的，甲方应当与乙方订立无固定期限劳动合同。"
            ),
        ],
    ),
    (
        "二、工作内容和工作地点",
        [
            ("第三条 乙方同意根据甲方工作需要，担任{position}岗位工作，岗位职责按甲方依法制定的岗位说明书执行。"),
            (
                "第四条 乙方的工作地点为{place}。根据甲方的岗位（工种）作业特点，乙方的工作区域或工作地点为本市范"
                "围内甲方的生产经营场所。"
            ),
            (
                "第五条 乙方应按照甲方的要求，按时完成规定的工作数量，达到规定的质量标准，并遵守甲方依法制定的规"
                "章制度和劳动纪律。"
            ),
        ],
    ),
    (
        "三、工作时间和休息休假",
        [
            (
                "第六条 甲方安排乙方执行标准工时制度：每日工作时间不超过八小时，平均每周工作时间不超过四十小时，"
                "每周至少休息一日。"
            ),
            (
                "第七条 甲方因生产经营需要安排乙方加班的，应与工会和乙方协商，依法安排乙方补休或支付加班工资，每"
                "月加班时间不超过三十六小时。"
            ),
            "第八条 乙方依法享有法定节假日、带薪年休假、婚丧假、产假、护理假等假期。",
        ],
    ),
    (
        "四、劳动报酬",
        [
            (
                "第九条 甲方每月{payday}日前以货币形式足额支付乙方工资，月工资为人民币{wage}元。如遇节假日或休息"
                "日，则提前到最近的工作日支付。"
            ),
            (
                "第十条 乙方在试用期期间的工资为人民币{probation_wage}元，不低于甲方相同岗位最低档工资或者本合同"
                "约定工资的百分之八十，并不低于甲方所在地的最低工资标准。"
            ),
            (
                "第十一条 甲方根据本单位工资分配制度、经营状况和乙方的工作业绩，依法调整乙方的工资，调整结果书面"
                "告知乙方。甲方不得克扣或者无故拖欠乙方工资。"
            ),
        ],
    ),
    (
        "五、社会保险和福利待遇",
        [
            (
                "第十二条 甲乙双方依法参加养老、医疗、失业、工伤、生育等社会保险，甲方为乙方办理有关社会保险手续"
                "，并承担相应社会保险义务；乙方应当缴纳的社会保险费由甲方从乙方的工资中代扣代缴。"
            ),
            ("第十三条 乙方患病或非因工负伤的医疗待遇、乙方患职业病或因工负伤的待遇，按国家和山东省有关规定执行。"),
        ],
    ),
    (
        "六、劳动保护、劳动条件和职业危害防护",
        [
            (
                "第十四条 甲方按照国家和山东省有关劳动保护规定，提供符合国家劳动卫生标准的劳动作业场所和必要的劳"
                "动防护用品，切实保护乙方在生产工作中的安全和健康。"
            ),
            (
                "第十五条 甲方如实告知乙方工作过程中可能产生的职业病危害及其后果、职业病防护措施和待遇，并定期安"
                "排乙方进行职业健康检查。"
            ),
            (
                "第十六条 乙方应严格遵守安全操作规程，对甲方管理人员违章指挥、强令冒险作业，有权拒绝执行，对危害"
                "生命安全和身体健康的行为，有权提出批评、检举和控告。"
            ),
        ],
    ),
    (
        "七、劳动合同的变更、解除和终止",
        [
            "第十七条 经甲乙双方协商一致，可以变更劳动合同约定的内容。变更劳动合同，应当采用书面形式。",
            (
                "第十八条 经甲乙双方协商一致，可以解除劳动合同。乙方提前三十日以书面形式通知甲方，可以解除劳动合"
                "同；乙方在试用期内提前三日通知甲方，可以解除劳动合同。"
            ),
            (
                "第十九条 甲方有《中华人民共和国劳动合同法》第三十八条规定情形之一的，乙方可以解除劳动合同；乙方"
                "有第三十九条、第四十条规定情形之一的，甲方可以依法解除劳动合同。"
            ),
            (
                "第二十条 甲方应当在解除或者终止本合同时，出具解除或者终止劳动合同的证明，并在十五日内为乙方办理"
                "档案和社会保险关系转移手续。依法应向乙方支付经济补偿的，在办结工作交接时支付。"
            ),
        ],
    ),
    (
        "八、劳动争议处理",
        [
            (
                "第二十一条 甲乙双方因本合同发生劳动争议时，可以按照法律法规的规定，进行协商、申请调解或仲裁。对"
                "仲裁裁决不服的，可以依法向有管辖权的人民法院提起诉讼。"
            ),
        ],
    ),
    (
        "九、其他约定",
        [
            (
                "第二十二条 本合同中记载的乙方联系电话、通讯地址为劳动合同期内通知相关事项和送达书面文书的联系方"
                "式、送达地址。如发生变化，乙方应当及时告知甲方。"
            ),
            (
                "第二十三条 双方确认：均已详细阅读并理解本合同内容，清楚各自的权利、义务。本合同未尽事宜，按照有"
                "关法律法规和政策规定执行。"
            ),
            (
                "第二十四条 本合同以电子形式订立，经甲乙双方使用可靠的电子签名签署后生效，与纸质劳动合同具有同等"
                "法律效力。"
            ),
        ],
    ),
]


def worker_identity(number: int):
    from hexie.contracts.signing import SignerIdentity

    name = SURNAMES[number % len(SURNAMES)] + GIVEN[(number // len(SURNAMES)) % len(GIVEN)] + GIVEN[number % 7]
    return SignerIdentity("person", name, f"370102{1980 + number % 20}0101{number % 10000:04d}")


def enterprise_identity(number: int):
    from hexie.contracts.signing import SignerIdentity

    return SignerIdentity("organization", f"济南第{number + 1}制造有限公司", f"91370100MA3C{number:04d}X0")


def contract_document(worker, enterprise, number: int):
    from hexie.contracts.pdf import ContractDocument

    wage = 4200 + number % 3000
    values = {
        "start": "2026年12月1日",
        "end": "2029年11月30日",
        "probation_end": "2027年1月31日",
        "position": "装配工",
        "place": "济南市历下区经十路17703号",
        "payday": 10,
        "wage": f"{wage:,}.00",
        "probation_wage": f"{wage * 0.8:,.2f}",
    }
    code = f"HT-370102-2026-{number:06d}"
    return ContractDocument(
        number=code,
        title="劳动合同书（固定期限）",
        parties=[
            ("甲方（用人单位）名称", enterprise.name),
            ("统一社会信用代码", enterprise.id_number),
            ("法定代表人（主要负责人）", "王建国"),
            ("注册地址", "山东省济南市历下区经十路17703号"),
            ("乙方（劳动者）姓名", worker.name),
            ("居民身份证号码", worker.id_number),
            ("经常居住地（通讯地址）", "山东省济南市历城区山大南路27号"),
            ("联系电话", f"138{number:08d}"),
        ],
        sections=[(heading, [p.format(**values) for p in paragraphs]) for heading, paragraphs in SECTIONS],
        footer=code,
    )


def issue_and_sign(number: int) -> bytes:
    from hexie.contracts.pdf import ENTERPRISE_BOX, SIGNATURE_PAGE, WORKER_BOX, render_contract_pdf
    from hexie.contracts.signing import sign_pdf

    worker, enterprise = worker_identity(number), enterprise_identity(number % ENTERPRISES)
    pdf = render_contract_pdf(contract_document(worker, enterprise, number))
    pdf = sign_pdf(
        pdf,
        worker,
        field_name="WorkerSignature",
        reason="乙方签订劳动合同",
        location="济南",
        appearance_text="乙方（劳动者）签名",
        page=SIGNATURE_PAGE,
        box=WORKER_BOX,
    )
    return sign_pdf(
        pdf,
        enterprise,
        field_name="EnterpriseSeal",
        reason="甲方签订劳动合同",
        location="济南",
        appearance_text="甲方（用人单位）盖章",
        page=SIGNATURE_PAGE,
        box=ENTERPRISE_BOX,
    )


def raw_rates(seconds: float = 1.0) -> tuple[float, float]:
    """Raw signatures/s of the TSA's RSA-2048 key and of an ECDSA P-256 signer key."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding

    from hexie.contracts import pki

    rsa_key = pki.tsa_authority().private_key
    ec_key = pki.signer_keys(enterprise_identity(0)).private_key
    message = b"\x5a" * 32
    rates = []
    for sign in (
        lambda: rsa_key.sign(message, padding.PKCS1v15(), hashes.SHA256()),
        lambda: ec_key.sign(message, ec.ECDSA(hashes.SHA256())),
    ):
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            for _ in range(50):
                sign()
            count += 50
        rates.append(count / (time.perf_counter() - start))
    return rates[0], rates[1]


def _init():
    import django

    django.setup()
    from hexie.contracts import pdf, pki

    pdf.font_name()
    pki.certificate_authority(), pki.tsa_authority(), pki.builtin_tsa()


def run_share(args: tuple[int, int, int, bool]) -> dict:
    """One process's share: contracts first..first+count, then the raw signature rates."""
    first, count, keep_every, profile = args
    _init()
    profiler = cProfile.Profile() if profile else None
    kept, size = {}, 0
    start, cpu_start = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    for number in range(first, first + count):
        pdf = issue_and_sign(number)
        size += len(pdf)
        if number % keep_every == 0:
            kept[number] = pdf
    if profiler:
        profiler.disable()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    rsa_rate, ec_rate = raw_rates()
    stats = None
    if profiler:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(30)
        stats = text.getvalue()
    return {
        "elapsed": elapsed,
        "cpu": cpu,
        "count": count,
        "bytes": size,
        "kept": kept,
        "rsa": rsa_rate,
        "ec": ec_rate,
        "profile": stats,
    }


def tampered(pdf: bytes) -> bytes:
    """One byte changed inside the first page's content stream, which both signatures cover."""
    at = pdf.index(b"stream", pdf.index(b"/Contents")) + 40
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


def check_samples(kept: dict[int, bytes], signing_dir: str) -> str:
    """pyHanko and, when installed, poppler's pdfsig accept both signatures of every sample and
    reject a copy with one byte changed."""
    from hexie.contracts.signing import verify_pdf

    for number, pdf in kept.items():
        report = verify_pdf(pdf)
        assert report.valid and len(report.signatures) == 2, (number, report)
        assert report.signatures[0].signer == worker_identity(number).name
    first = next(iter(kept.values()))
    assert not verify_pdf(tampered(first)).valid
    from hexie.contracts import pdfsig

    if not pdfsig.available():
        return f"{len(kept)} sampled contracts valid for pyHanko (pdfsig not installed), a tampered copy refused"
    validator = pdfsig.PdfsigValidator(Path(signing_dir) / "ca.cert.pem", Path(signing_dir))
    for pdf in kept.values():
        result = validator.check(pdf)
        assert result.signatures == 2 and result.accepted, result.output
    result = validator.check(tampered(first))
    assert result.valid == 0 and result.digest_mismatch == 2, result.output
    return f"{len(kept)} sampled contracts valid for pyHanko and pdfsig, a tampered copy refused by both"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contracts", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="cProfile's top 30 of the first process")
    options = parser.parse_args()

    signing_dir = tempfile.mkdtemp(prefix="hexie-bench-signing-")
    os.environ["HEXIE_SIGNING_DIR"] = signing_dir
    os.environ["HEXIE_TSA_URL"] = ""
    _init()  # the CA and TSA are created here, before the processes start (not timed)
    from hexie.contracts import pki

    for number in range(ENTERPRISES):  # enterprises exist before they issue contracts (not timed)
        pki.signer_keys(enterprise_identity(number))

    share = -(-options.contracts // options.processes)
    jobs = [
        (first, min(share, options.contracts - first), 100, options.profile and first == 0)
        for first in range(0, options.contracts, share)
    ]
    context = multiprocessing.get_context("fork")
    start = time.perf_counter()
    with context.Pool(len(jobs)) as pool:
        results = pool.map(run_share, jobs)
    wall = time.perf_counter() - start
    signing_wall = max(r["elapsed"] for r in results)
    checked = check_samples({n: pdf for r in results for n, pdf in r["kept"].items()}, signing_dir)

    total = sum(r["count"] for r in results)
    rate = total / signing_wall
    rsa = sum(r["rsa"] for r in results)
    ec = sum(r["ec"] for r in results)
    print(
        f"contracts: {total} on {len(jobs)} processes, {signing_wall:.2f} s (pool wall {wall:.2f} s), "
        f"{sum(r['bytes'] for r in results) / total / 1024:.0f} KiB per signed PDF"
    )
    print(
        f"  {rate:,.1f} contracts/s = {2 * rate:,.1f} signatures/s + {2 * rate:,.1f} timestamps/s "
        f"(each a RSA-2048 TSA signature + an ECDSA signer signature)"
    )
    print(
        f"raw signatures, same keys, same processes (sum over {len(jobs)}): RSA-2048 {rsa:,.0f}/s, "
        f"ECDSA P-256 {ec:,.0f}/s"
    )
    print(
        f"  contracts/s over raw RSA signatures/s: {rate / rsa:.3f} (a contract needs 3 RSA signatures: "
        f"2 timestamps + the worker's certificate, and 2 ECDSA)"
    )
    cpu = sum(r["cpu"] for r in results) / total
    print(
        f"CPU time: {1000 * cpu:.1f} ms per contract, so {len(jobs) / cpu:,.0f} contracts/s on {len(jobs)} cores "
        f"of our own (the wall-clock rate above is lower when other work shares the cores: "
        f"{sum(r['cpu'] for r in results) / sum(r['elapsed'] for r in results):.0%} of them were ours)"
    )
    print(f"checked (not timed): {checked}")
    print(f"goal >= 100 contracts/s: {'met' if rate >= 100 else 'NOT met'}")
    if options.profile:
        print(results[0]["profile"])
    shutil.rmtree(signing_dir)


if __name__ == "__main__":
    main()
