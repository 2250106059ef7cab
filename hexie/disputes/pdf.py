"""Case documents as PDFs (受理通知书, 开庭通知书, 调解协议书, 调解书, 裁决书…): a title, the document
number, the parties, numbered sections of text and the issuing body with the date, in the embedded
CJK font of `hexie.core.pdf`. Always Chinese: a legal document reads the same for every reader."""

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import translation
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from hexie.core.pdf import cjk_font

INK = colors.HexColor("#1F2937")


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class Document:
    """What a case document says; `sections` are (heading or "", paragraphs)."""

    title: str
    number: str
    issuer: str
    issued_on: date
    parties: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)


def _styles() -> dict[str, ParagraphStyle]:
    font = cjk_font()
    base = ParagraphStyle("body", fontName=font, fontSize=12, leading=21, textColor=INK, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=30, alignment=TA_CENTER),
        "number": ParagraphStyle("number", parent=base, alignment=TA_RIGHT),
        "heading": ParagraphStyle("heading", parent=base, fontSize=13, spaceBefore=8),
        "body": ParagraphStyle("indent", parent=base, firstLineIndent=24),
        "plain": base,
        "sign": ParagraphStyle("sign", parent=base, alignment=TA_RIGHT),
    }


@translation.override("zh-hans")
def render(doc: Document) -> bytes:
    """The PDF bytes of `doc` (A4, embedded CJK subset)."""
    s = _styles()
    out = BytesIO()
    pdf = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=25 * mm,
        title=doc.title,
        author=doc.issuer,
        subject=doc.number,
    )
    story = [Paragraph(escape(doc.title), s["title"]), Spacer(1, 4 * mm)]
    if doc.number:
        story += [Paragraph(escape(doc.number), s["number"]), Spacer(1, 4 * mm)]
    story += [Paragraph(escape(line), s["plain"]) for line in doc.parties]
    for heading, paragraphs in doc.sections:
        if heading:
            story.append(Paragraph(escape(heading), s["heading"]))
        story += [Paragraph(escape(text), s["body"]) for text in paragraphs]
    story += [Paragraph(escape(line), s["body"]) for line in doc.closing]
    story += [
        Spacer(1, 12 * mm),
        Paragraph(escape(doc.issuer), s["sign"]),
        Paragraph(chinese_date(doc.issued_on), s["sign"]),
    ]
    pdf.build(story)
    return out.getvalue()
