"""The naming certificate (荣誉证书): one A4 landscape PDF page with the unit, the honour, the four
parties that name it, the date in Chinese style, the serial and plaque numbers and a QR code that
opens the public verification page.

The CJK font is WenQuanYi Micro Hei (Debian `fonts-wqy-microhei`), embedded as a subset so the
certificate reads the same everywhere; only when that file is missing does ReportLab's built-in
STSong-Light stand in (a CID font the reader must supply, not embedded).
"""

from io import BytesIO
from itertools import groupby

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from hexie.core.pdf import FALLBACK_FONT, FONT_NAME, FONT_PATH, cjk_font  # noqa: F401 (re-exported)

from .models import Naming
from .services.namings import naming_organs

RED = colors.HexColor("#B3241B")
GOLD = colors.HexColor("#C9A227")
INK = colors.HexColor("#1F2937")
DIGITS = "〇一二三四五六七八九"
MONTHS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]


def chinese_month(day) -> str:
    """二〇二六年十一月: the year digit by digit, the month in words, as certificates are dated."""
    year = "".join(DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{MONTHS[day.month - 1]}月"


def verify_url(naming: Naming, request=None) -> str:
    """The absolute address of the public verification page the QR code opens."""
    path = naming.get_absolute_url()
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.PUBLIC_BASE_URL}{path}"


def qr_widget(value: str, size: float) -> QrCodeWidget:
    """A square QR code of `size` points encoding `value` (error correction M)."""
    return QrCodeWidget(value, barLevel="M", barWidth=size, barHeight=size)


def draw_qr(pdf: Canvas, widget: QrCodeWidget, x: float, y: float) -> None:
    """Paint the QR code's dark modules straight onto the page as one filled path, runs of a row
    merged (renderPDF would build a shape per run and declare a Helvetica font resource the page
    never uses, one the reader would have to supply)."""
    qr = widget.qr
    qr.make()
    count = qr.getModuleCount()
    size = min(widget.barWidth, widget.barHeight)
    box = size / (count + 2 * widget.barBorder)
    path = pdf.beginPath()
    for row, modules in enumerate(qr.modules):
        top = y + size - (row + widget.barBorder + 1) * box
        column = 0
        for dark, run in groupby(bool(m) for m in modules):
            length = len(list(run))
            if dark:
                path.rect(x + (column + widget.barBorder) * box, top, length * box, box)
            column += length
    pdf.setFillColor(colors.black)
    pdf.drawPath(path, stroke=0, fill=1)


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest font size up to `size` at which `text` fits in `width`."""
    needed = pdfmetrics.stringWidth(text, font, size)
    return size if needed <= width else size * width / needed


def render_certificate(naming: Naming, url: str) -> bytes:
    """The certificate PDF of `naming`, its QR code encoding `url`."""
    font = cjk_font()
    width, height = landscape(A4)
    buffer = BytesIO()
    pdf = Canvas(buffer, pagesize=(width, height), pageCompression=1, initialFontName=font)
    pdf.setTitle(_("荣誉证书 %(serial)s") % {"serial": naming.serial})
    organs = naming_organs(naming)
    pdf.setAuthor("；".join(organs))
    pdf.setSubject(naming.title)

    pdf.setStrokeColor(RED)
    pdf.setLineWidth(6)
    pdf.rect(22, 22, width - 44, height - 44)
    pdf.setStrokeColor(GOLD)
    pdf.setLineWidth(1.5)
    pdf.rect(34, 34, width - 68, height - 68)

    pdf.setFillColor(RED)
    pdf.setFont(font, 44)
    pdf.drawCentredString(width / 2, height - 120, _("荣　誉　证　书"))

    pdf.setFillColor(INK)
    unit = f"{naming.organization.name}："
    pdf.setFont(font, _fit(unit, font, 22, width - 220))
    pdf.drawString(110, height - 195, unit)
    pdf.setFont(font, 18)
    pdf.drawString(150, height - 240, _("经评审，你单位被命名为"))
    honour = f"“{naming.title}”"
    pdf.setFillColor(RED)
    pdf.setFont(font, _fit(honour, font, 32, width - 240))
    pdf.drawCentredString(width / 2, height - 300, honour)
    pdf.setFillColor(INK)
    pdf.setFont(font, 18)
    pdf.drawString(150, height - 350, _("特发此证。"))

    pdf.setFont(font, 13)
    right = width - 90
    for index, organ in enumerate(organs):
        pdf.drawRightString(right, 200 - index * 22, organ)
    pdf.setFont(font, 15)
    pdf.drawRightString(right, 95, chinese_month(naming.named_on))

    draw_qr(pdf, qr_widget(url, 96), 70, 78)
    pdf.setFillColor(INK)
    pdf.setFont(font, 9)
    pdf.drawCentredString(118, 64, _("扫码核验证书真伪"))
    pdf.setFont(font, 11)
    pdf.drawString(180, 150, _("证书编号：%(serial)s") % {"serial": naming.serial})
    pdf.drawString(180, 130, _("铭牌编号：%(plaque)s") % {"plaque": naming.plaque_number})
    pdf.drawString(180, 110, _("命名层级：%(level)s") % {"level": naming.get_level_display()})

    if naming.status == Naming.Status.REVOKED:
        pdf.saveState()
        pdf.setFillColor(RED)
        pdf.setFillAlpha(0.35)
        pdf.translate(width / 2, height / 2)
        pdf.rotate(24)
        pdf.setFont(font, 96)
        pdf.drawCentredString(0, -30, _("已撤销"))
        pdf.setFont(font, 20)
        pdf.drawCentredString(0, -70, _("撤销日期：%(day)s") % {"day": naming.revoked_on.isoformat()})
        pdf.restoreState()

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
