"""The contract PDF: pages as the text needs, the CJK font embedded, every page footed, the signature
boxes on the last page below the text, lines broken by the rules, and the per-process caches never
leaking one contract's characters into another."""

import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hexie.contracts import pdf
from hexie.contracts.pdf import ENTERPRISE_BOX, WORKER_BOX, ContractDocument, render_contract_pdf

PDFTOTEXT = shutil.which("pdftotext")
PDFFONTS = shutil.which("pdffonts")
CLAUSE = "乙方应严格遵守安全操作规程，对甲方管理人员违章指挥、强令冒险作业，有权拒绝执行。"


def document(paragraphs: int, *, name: str = "张三", company: str = "济南泉城机械有限公司") -> ContractDocument:
    return ContractDocument(
        number="HT-370102-2026-000123",
        title="劳动合同书（固定期限）",
        parties=[
            ("甲方（用人单位）名称", company),
            ("乙方（劳动者）姓名", name),
            ("居民身份证号码", "370102199001011234"),
        ],
        sections=[("一、劳动合同期限", [CLAUSE] * paragraphs), ("二、其他约定", ["本合同一式两份。"])],
        footer="HT-370102-2026-000123",
    )


def text(data: bytes, tmp_path, page: int | None = None) -> str:
    path = tmp_path / "contract.pdf"
    path.write_bytes(data)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run([PDFTOTEXT, *pages, str(path), "-"], capture_output=True, text=True, check=True).stdout


def page_count(data: bytes) -> int:
    return data.count(b"/Type /Page\n") + data.count(b"/Type /Page ")


def test_a_short_contract_is_one_page_and_a_long_one_as_many_as_its_text_needs():
    counts = [page_count(render_contract_pdf(document(paragraphs))) for paragraphs in (3, 40, 60, 120)]
    assert counts == [1, 2, 3, 4]


@pytest.mark.skipif(not PDFTOTEXT, reason="poppler-utils (make debs) is needed")
def test_the_text_reads_back_with_every_page_footed_and_the_boxes_on_the_last(tmp_path):
    data = render_contract_pdf(document(120))
    whole = text(data, tmp_path)
    for expected in (
        "劳动合同书（固定期限）",
        "合同编号：HT-370102-2026-000123",
        "济南泉城机械有限公司",
        "张三",
        "（以下无正文）",
    ):
        assert expected in whole
    for number in range(1, 5):
        assert f"HT-370102-2026-000123第{number}页共4页" in "".join(text(data, tmp_path, number).split())
    assert "甲方（盖章）" in text(data, tmp_path, 4) and "乙方（签名）" in text(data, tmp_path, 4)
    assert "甲方（盖章）" not in text(data, tmp_path, 3)


@pytest.mark.skipif(not PDFFONTS, reason="poppler-utils (make debs) is needed")
def test_the_font_is_embedded_as_subsets(tmp_path):
    path = tmp_path / "contract.pdf"
    path.write_bytes(render_contract_pdf(document(60)))
    fonts = subprocess.run([PDFFONTS, str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all("WenQuanYiMicroHei" in line and " yes yes yes " in line for line in fonts)


@pytest.mark.parametrize("paragraphs", range(0, 60, 3))
def test_the_signature_boxes_never_overlap_the_text(paragraphs):
    pages = pdf._layout(document(paragraphs))
    assert all(line.y >= pdf.BOTTOM for page in pages for line in page)
    assert all(line.y >= pdf.SIGNATURE_BLOCK_TOP for line in pages[-1])
    for box in (ENTERPRISE_BOX, WORKER_BOX):
        assert pdf.LEFT <= box[0] < box[2] <= pdf.RIGHT and pdf.BOTTOM < box[3] + 30 < pdf.SIGNATURE_BLOCK_TOP
    assert ENTERPRISE_BOX[2] < WORKER_BOX[0]


@pytest.mark.skipif(not PDFTOTEXT, reason="poppler-utils (make debs) is needed")
def test_cached_subsets_and_lines_never_carry_one_contract_into_another(tmp_path):
    """Names outside the common characters land in each document's own subset; rendering other
    contracts in between changes nothing."""
    first = text(render_contract_pdf(document(5, name="欧阳娜娜", company="淄博鑫磊陶瓷有限公司")), tmp_path)
    for name in ("司马懿", "诸葛亮", "龚蓓苾"):
        render_contract_pdf(document(5, name=name, company=f"{name}商贸有限公司"))
    again = text(render_contract_pdf(document(5, name="欧阳娜娜", company="淄博鑫磊陶瓷有限公司")), tmp_path)
    assert again == first and "欧阳娜娜" in again and "淄博鑫磊陶瓷有限公司" in again


def test_the_fallback_font_still_renders(monkeypatch):
    """Without wqy-microhei the non-embedded STSong-Light stands in (and no subset is built)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    monkeypatch.setattr(pdf, "_font", lambda: None)
    monkeypatch.setattr(pdf, "cjk_font", lambda: "STSong-Light")
    pdf._width_table.cache_clear()
    pdf._wrap.cache_clear()
    try:
        data = render_contract_pdf(document(30))
    finally:
        pdf._width_table.cache_clear()
        pdf._wrap.cache_clear()
    assert data.startswith(b"%PDF-") and b"/STSong-Light" in data and b"/FontFile2" not in data


ALPHABET = "合同甲乙方劳动者工资，。、；：）》”ABCxyz0123456789 -"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=200), st.floats(min_value=60, max_value=450), st.sampled_from([0.0, 21.0]))
def test_wrap_keeps_every_character_in_order_within_the_width(text_, width, indent):
    lines = pdf.wrap(text_, width, 10.5, indent=indent)
    assert "".join(lines) == text_
    hanging = "".join(pdf.NO_LINE_START)
    for number, line in enumerate(lines):
        room = width - (indent if number == 0 else 0)
        assert pdf.text_width(line.rstrip(hanging), 10.5) <= room + 0.01
        if number > 0:
            assert line and line[0] not in pdf.NO_LINE_START


def test_wrap_breaks_between_cjk_characters_but_not_inside_numbers():
    lines = pdf.wrap("月工资为人民币4800.00元整，按月支付，合同编号HT370102202600012", 100, 10.5)
    assert lines == ["月工资为人民币", "4800.00元整，按月", "支付，合同编号", "HT370102202600012"]
