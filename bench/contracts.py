"""Benchmark: issuing and fully signing labor contracts, beside the raw RSA signature rate.

    .venv/bin/python bench/contracts.py                       # 2,000 contracts on 2 processes
    .venv/bin/python bench/contracts.py --contracts 200 --processes 1 --profile

Needs no database: the signing core (hexie/contracts/pki.py, signing.py) is a plain library. A
fresh platform CA and built-in TSA are made in a temporary SIGNING_DIR (not timed). Then, timed,
each process takes its share of the contracts and for each one:

1. renders the one-page contract PDF with ReportLab (wqy-microhei subset embedded);
2. issues the worker's certificate from the platform CA (new ECDSA P-256 key, RSA-signed
   certificate, written to SIGNING_DIR) — enterprises (50 of them) get theirs on first use;
3. signs as the worker (visible stamp, PAdES, RFC 3161 timestamp from the built-in TSA);
4. seals as the enterprise in a second revision (same again).

Keys are loaded once per process and the pyHanko signer objects are reused (hexie.contracts.pki
caches them). Every 100th contract is verified after the run with pyHanko (not timed). The
baseline, in the same run and the same processes: raw RSA-2048 PKCS#1 v1.5 SHA-256 signatures of
a 32-byte message with the TSA's key (`cryptography`), and ECDSA P-256 signatures with a signer
key. Goal: >= 100 contracts/s on 2 cores.
"""

import argparse
import cProfile
import multiprocessing
import os
import pstats
import shutil
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hexie.settings")

ENTERPRISES = 50
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
CLAUSES = [
    "一、合同期限：固定期限，自2026年12月1日起至2029年11月30日止，其中试用期自2026年12月1日起至2027年1月31日止。",
    "二、工作内容和工作地点：乙方同意在装配岗位工作，工作地点为济南市历下区。",
    "三、工作时间和休息休假：甲方安排乙方执行标准工时制度，每日工作不超过八小时，每周不超过四十小时。",
    "四、劳动报酬：乙方月工资为人民币 {wage} 元，试用期工资不低于约定工资的百分之八十，甲方每月10日以货币形式支付。",
    "五、社会保险：甲乙双方依法参加社会保险，按时足额缴纳社会保险费。",
    "六、劳动保护、劳动条件和职业危害防护：甲方按国家规定提供劳动保护用品和必要的劳动条件。",
    "七、劳动合同的解除和终止：按《中华人民共和国劳动合同法》有关规定执行。",
    "八、双方约定的其他事项：无。",
]


def worker_identity(number: int):
    from hexie.contracts.signing import SignerIdentity

    name = SURNAMES[number % len(SURNAMES)] + GIVEN[(number // len(SURNAMES)) % len(GIVEN)] + GIVEN[number % 7]
    return SignerIdentity("person", name, f"370102{1980 + number % 20}0101{number % 10000:04d}")


def enterprise_identity(number: int):
    from hexie.contracts.signing import SignerIdentity

    return SignerIdentity("organization", f"济南第{number + 1}制造有限公司", f"91370100MA3C{number:04d}X0")


def render_contract(worker, enterprise, number: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from hexie.core.pdf import cjk_font

    font = cjk_font()
    buffer = BytesIO()
    pdf = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=font)
    pdf.setTitle(f"劳动合同 HT{number:08d}")
    pdf.setFont(font, 20)
    pdf.drawCentredString(A4[0] / 2, 790, "劳动合同书")
    pdf.setFont(font, 10.5)
    pdf.drawString(60, 750, f"合同编号：HT{number:08d}")
    pdf.drawString(60, 728, f"甲方（用人单位）：{enterprise.name}    统一社会信用代码：{enterprise.id_number}")
    pdf.drawString(60, 706, f"乙方（劳动者）：{worker.name}    居民身份证号码：{worker.id_number}")
    y = 670
    for clause in CLAUSES:
        text = clause.format(wage=f"{4200 + number % 3000:,}.00")
        while text:
            pdf.drawString(60, y, text[:42])
            text, y = text[42:], y - 20
        y -= 6
    pdf.drawString(60, 160, "乙方（签名）：")
    pdf.drawString(330, 160, "甲方（盖章）：")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def issue_and_sign(number: int) -> bytes:
    from hexie.contracts.signing import sign_pdf

    worker, enterprise = worker_identity(number), enterprise_identity(number % ENTERPRISES)
    pdf = render_contract(worker, enterprise, number)
    pdf = sign_pdf(
        pdf,
        worker,
        field_name="WorkerSignature",
        reason="乙方签订劳动合同",
        location="济南",
        appearance_text="乙方（劳动者）签名",
        page=0,
        box=(60, 60, 260, 150),
    )
    return sign_pdf(
        pdf,
        enterprise,
        field_name="EnterpriseSeal",
        reason="甲方签订劳动合同",
        location="济南",
        appearance_text="甲方（用人单位）盖章",
        page=0,
        box=(330, 60, 530, 150),
    )


def raw_rates(seconds: float = 1.0) -> tuple[float, float]:
    """Raw signatures/s of the TSA's RSA-2048 key and of an ECDSA P-256 signer key."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding

    from hexie.contracts import pki

    rsa_key = pki.tsa_authority().private_key
    ec_key = pki.signer_for(enterprise_identity(0)).private_key
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
    from hexie.contracts import pki
    from hexie.core.pdf import cjk_font

    cjk_font()
    pki.certificate_authority(), pki.tsa_authority(), pki.timestamper()


def run_share(args: tuple[int, int, int, bool]) -> dict:
    """One process's share: contracts first..first+count, then the raw signature rates."""
    first, count, keep_every, profile = args
    _init()
    profiler = cProfile.Profile() if profile else None
    kept, size = {}, 0
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    for number in range(first, first + count):
        pdf = issue_and_sign(number)
        size += len(pdf)
        if number % keep_every == 0:
            kept[number] = pdf
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - start
    rsa_rate, ec_rate = raw_rates()
    stats = None
    if profiler:
        out = BytesIO()
        import io

        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(40)
        stats = text.getvalue()
        del out
    return {
        "elapsed": elapsed,
        "count": count,
        "bytes": size,
        "kept": kept,
        "rsa": rsa_rate,
        "ec": ec_rate,
        "profile": stats,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contracts", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="cProfile's top 40 of the first process")
    options = parser.parse_args()

    signing_dir = tempfile.mkdtemp(prefix="hexie-bench-signing-")
    os.environ["HEXIE_SIGNING_DIR"] = signing_dir
    os.environ["HEXIE_TSA_URL"] = ""
    _init()  # the CA and TSA are created here, before the processes start (not timed)
    from hexie.contracts import pki
    from hexie.contracts.signing import verify_pdf

    for number in range(ENTERPRISES):  # enterprises exist before they issue contracts (not timed)
        pki.signer_for(enterprise_identity(number))

    share = -(-options.contracts // options.processes)
    jobs = [
        (first, min(share, options.contracts - first), 100, options.profile and first == 0)
        for first in range(0, options.contracts, share)
    ]
    context = multiprocessing.get_context("fork")
    start = time.perf_counter()
    with context.Pool(len(jobs)) as pool:
        results = pool.map(run_share, jobs)
    wall = time.perf_counter() - start - max(0, 0)
    signing_wall = max(r["elapsed"] for r in results)

    checked = 0
    for result in results:
        for number, pdf in result["kept"].items():
            report = verify_pdf(pdf)
            assert report.valid and len(report.signatures) == 2, (number, report)
            assert report.signatures[0].signer == worker_identity(number).name
            checked += 1

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
        f"  contracts/s over raw RSA signatures/s: {rate / rsa:.3f} "
        f"(a contract needs 2 RSA + 2 ECDSA signatures + 50 certificate signatures/2000 amortised)"
    )
    print(f"verified with pyHanko (not timed): {checked} sampled contracts, both signatures valid")
    print(f"goal >= 100 contracts/s: {'met' if rate >= 100 else 'NOT met'}")
    if options.profile:
        print(results[0]["profile"])
    shutil.rmtree(signing_dir)


if __name__ == "__main__":
    main()
