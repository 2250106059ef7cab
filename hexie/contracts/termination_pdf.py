"""The termination certificate (解除或者终止劳动合同的证明, LCL-50, LCLR-24): one A4 page stating the
contract's term, the date it ended, the position, the years of service with the employer, the
ground with its article and the severance, in the embedded CJK font of `hexie.core.pdf`."""

from io import BytesIO

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from hexie.core.pdf import cjk_font
from hexie.core.rules import full_months

from .models import Termination, TermKind
from .services.lifecycle import REASONS, service_start, yuan

INK = colors.HexColor("#1F2937")
MARGIN = 72


def chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def service_text(start, end) -> str:
    """在本单位工作年限: whole years and months from the first day of service to the last."""
    years, months = divmod(full_months(start, end), 12)
    if years and months:
        return _("%(years)d年%(months)d个月") % {"years": years, "months": months}
    if years:
        return _("%(years)d年") % {"years": years}
    return _("%(months)d个月") % {"months": months} if months else _("不满一个月")


def term_text(contract) -> str:
    if contract.term_kind == TermKind.OPEN_ENDED:
        return _("无固定期限，自%(start)s起") % {"start": chinese_date(contract.start)}
    if contract.term_kind == TermKind.TASK:
        return _("以完成一定工作任务为期限（%(task)s），自%(start)s起") % {
            "task": contract.task,
            "start": chinese_date(contract.start),
        }
    end = chinese_date(contract.end) if contract.end else "—"
    return _("%(start)s至%(end)s") % {"start": chinese_date(contract.start), "end": end}


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for char in text:
        if pdfmetrics.stringWidth(line + char, font, size) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines


@translation.override("zh-hans")  # a legal document is in Chinese whatever the reader's language
def render_termination_certificate(termination: Termination) -> bytes:
    contract = termination.contract
    enterprise, worker = contract.enterprise, contract.worker
    dissolved = termination.kind == "dissolve"
    title = _("解除劳动合同证明书") if dissolved else _("终止劳动合同证明书")
    reason = REASONS.get(termination.reason)
    font = cjk_font()
    width, height = A4
    buffer = BytesIO()
    pdf = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=font)
    pdf.setTitle(f"{title} {termination.certificate_number}")
    pdf.setAuthor(enterprise.name)
    pdf.setSubject(worker.name)
    pdf.setFillColor(INK)

    pdf.setFont(font, 22)
    pdf.drawCentredString(width / 2, height - 100, title)
    pdf.setFont(font, 10)
    number = _("编号：%(number)s") % {"number": termination.certificate_number}
    pdf.drawRightString(width - MARGIN, height - 125, number)

    rows = [
        (_("劳动者姓名"), worker.name),
        (_("身份证号码"), worker.id_masked),
        (_("用人单位"), enterprise.name),
        (_("统一社会信用代码"), enterprise.uscc or "—"),
        (_("劳动合同编号"), contract.number),
        (_("劳动合同期限"), term_text(contract)),
        (_("工作岗位"), contract.position),
        (_("在本单位工作年限"), service_text(service_start(contract), termination.ended_on)),
        (_("解除日期") if dissolved else _("终止日期"), chinese_date(termination.ended_on)),
        (_("解除原因") if dissolved else _("终止原因"), str(reason.label) if reason else termination.reason),
        (_("法律依据"), termination.article),
        (
            _("经济补偿"),
            (_("违法解除或终止赔偿金 %(amount)s") if termination.unlawful else "%(amount)s")
            % {"amount": yuan(termination.severance)}
            if termination.severance_owed
            else _("依法不支付经济补偿"),
        ),
    ]
    y = height - 170
    label_width = 130
    value_width = width - 2 * MARGIN - label_width
    for label, value in rows:
        pdf.setFont(font, 12)
        pdf.drawString(MARGIN, y, f"{label}：")
        for line in _wrap(str(value), font, 12, value_width) or [""]:
            pdf.drawString(MARGIN + label_width, y, line)
            y -= 22
        y -= 4

    statement = _("兹证明%(name)s与本单位的劳动合同已于%(day)s%(verb)s，双方劳动关系自该日终止。特此证明。") % {
        "name": worker.name,
        "day": chinese_date(termination.ended_on),
        "verb": _("解除") if dissolved else _("终止"),
    }
    y -= 12
    for line in _wrap(statement, font, 12, width - 2 * MARGIN - 24):
        pdf.drawString(MARGIN + 24, y, line)
        y -= 22

    pdf.setFont(font, 12)
    pdf.drawRightString(width - MARGIN, 190, _("%(name)s（盖章）") % {"name": enterprise.name})
    pdf.drawRightString(width - MARGIN, 165, chinese_date(timezone.localtime(termination.created_at).date()))
    pdf.setFont(font, 9)
    pdf.drawString(
        MARGIN,
        90,
        _(
            "本证明依据《中华人民共和国劳动合同法》第五十条出具。用人单位应保存已解除或者终止的劳动合同文本至少二年备查。"
        ),
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
