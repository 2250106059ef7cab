"""Collective-contract rules (集体合同): pure functions over plain values, no database.

Sources and codes:
- LCL-51..54 《劳动合同法》: a collective contract is passed by the workers' congress (职工代表大会)
  or all workers, signed by the union, filed with the labor administration, and in force unless the
  administration objects within 15 days of receiving it (LCL-54); regional and industry contracts
  (区域性、行业性集体合同) bind the employers and workers of the region or industry (LCL-53, 54).
- CCR 《集体合同规定》 (劳动和社会保障部令第22号, a ministerial regulation):
  CCR-32 a written request to bargain is answered in writing within 20 days of receipt;
  CCR-36 the congress passes the draft when at least two thirds of the delegates are present and
         more than half of all delegates vote for it;
  CCR-38 the term is generally 1 to 3 years (a warning outside it);
  CCR-42 the employer files the signed text within 10 days of signing (unconfirmed figure: data).
- WCB 《工资集体协商试行办法》 (劳动和社会保障部令第9号): WCB-18 reply to a request within 20
  days; WCB-21 file a wage agreement within 7 days of signing; WCB-22 review within 15 days.

Counting: the day of the event is not counted and a period whose last day is a rest day ends on
the next working day (`hexie.core.calendar.add_period`); the caller passes the computed deadline.

Reading of CCR-36: "半数以上" is applied as strictly more than half, as the issue states; under
民法典 art. 1259 "以上" would include exactly half — `VOTE_MAJORITY_STRICT` keeps that choice in one
place. "三分之二以上" includes exactly two thirds.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from hexie.core.rules import ERROR, WARNING, Finding, months_end

REPLY_DAYS = 20  # CCR-32, WCB-18 (natural days)
REVIEW_DAYS = 15  # LCL-54, WCB-22 (natural days)
FILING_DAYS = {"wage": 7}  # WCB-21; the other kinds: CCR-42 (unconfirmed, data)
FILING_DAYS_DEFAULT = 10
TERM_MIN_MONTHS, TERM_MAX_MONTHS = 12, 36  # CCR-38 "一般为1至3年"
VOTE_MAJORITY_STRICT = True  # CCR-36 "半数以上" read as more than half (see the module docstring)


@dataclass(frozen=True)
class Vote:
    """A workers' congress vote on a draft: all delegates (职工代表总数), those present, votes for."""

    delegates_total: int
    delegates_present: int
    votes_for: int


def vote_findings(vote: Vote) -> list[Finding]:
    """CCR-36: errors when the figures are impossible or the draft is not passed."""
    total, present, yes = vote.delegates_total, vote.delegates_present, vote.votes_for
    if total <= 0 or present < 0 or yes < 0:
        return [Finding("CCR-36", ERROR, _("职工代表总数须大于零，出席人数和赞成票不得为负数"))]
    if present > total:
        return [
            Finding(
                "CCR-36",
                ERROR,
                _("出席代表%(present)s人多于职工代表总数%(total)s人") % {"present": present, "total": total},
            )
        ]
    if yes > present:
        return [
            Finding(
                "CCR-36",
                ERROR,
                _("赞成票%(yes)s票多于出席代表%(present)s人") % {"yes": yes, "present": present},
            )
        ]
    findings = []
    if present * 3 < total * 2:
        findings.append(
            Finding(
                "CCR-36",
                ERROR,
                _("出席代表%(present)s人不足职工代表总数%(total)s人的三分之二，表决无效（集体合同规定第三十六条）")
                % {"present": present, "total": total},
            )
        )
    majority = yes * 2 > total if VOTE_MAJORITY_STRICT else yes * 2 >= total
    if not majority:
        findings.append(
            Finding(
                "CCR-36",
                ERROR,
                _("赞成票%(yes)s票未超过职工代表总数%(total)s人的半数，草案未获通过（集体合同规定第三十六条）")
                % {"yes": yes, "total": total},
            )
        )
    return findings


def vote_passes(vote: Vote) -> bool:
    return not vote_findings(vote)


def term_findings(start: date | None, end: date | None) -> list[Finding]:
    """The term: an end before the start is an error (LCL-51, the term is a clause); a term outside
    1 to 3 years a warning (CCR-38)."""
    if start is None or end is None:
        return [Finding("CCR-38", ERROR, _("请填写集体合同的起始日期和终止日期（集体合同规定第三十八条）"))]
    if end < start:
        return [Finding("CCR-38", ERROR, _("集体合同终止日期早于起始日期"))]
    if end < months_end(start, TERM_MIN_MONTHS) or end > months_end(start, TERM_MAX_MONTHS):
        return [Finding("CCR-38", WARNING, _("集体合同期限一般为一至三年（集体合同规定第三十八条）"))]
    return []


def terms_findings(
    *, start: date | None, end: date | None, minimum_pay: Decimal | None, minimum_wage: Decimal | None
) -> list[Finding]:
    """The term (CCR-38) and an agreed lowest pay not below the local minimum wage (MWR-12)."""
    findings = term_findings(start, end)
    if minimum_pay is not None and minimum_wage is not None and minimum_pay < minimum_wage:
        findings.append(
            Finding(
                "MWR",
                ERROR,
                _("约定的最低工资%(pay)s元低于当地最低工资标准%(minimum)s元（最低工资规定第十二条）")
                % {"pay": minimum_pay, "minimum": minimum_wage},
            )
        )
    return findings


def reply_overdue(due: date, replied_on: date | None, on: date) -> bool:
    """CCR-32 / WCB-18: a request is overdue when no written reply came by `due` (the 20-day
    deadline) and `on` is past it; a reply after the deadline is late but no longer overdue."""
    return replied_on is None and on > due


def reply_findings(due: date, replied_on: date | None, on: date) -> list[Finding]:
    if reply_overdue(due, replied_on, on):
        return [
            Finding(
                "WCB-18",
                WARNING,
                _("对方未在%(due)s前书面回应协商要求（集体合同规定第三十二条、工资集体协商试行办法第十八条）")
                % {"due": due.isoformat()},
            )
        ]
    if replied_on is not None and replied_on > due:
        return [
            Finding(
                "WCB-18",
                WARNING,
                _("书面回应晚于%(due)s的二十日期限（集体合同规定第三十二条）") % {"due": due.isoformat()},
            )
        ]
    return []


def filing_days(kind: str) -> int:
    return FILING_DAYS.get(kind, FILING_DAYS_DEFAULT)


def filing_findings(kind: str, due: date, submitted_on: date) -> list[Finding]:
    """WCB-21 (wage agreements, 7 days) / CCR-42 (other kinds): filed after the window is a warning;
    the review clock still runs from the submission."""
    if submitted_on <= due:
        return []
    code, article = (
        ("WCB-21", _("工资集体协商试行办法第二十一条"))
        if kind in FILING_DAYS
        else ("CCR-42", _("集体合同规定第四十二条"))
    )
    return [
        Finding(
            code,
            WARNING,
            _("集体合同应于签订后%(days)s日内报送（%(due)s前），现已逾期（%(article)s）")
            % {"days": filing_days(kind), "due": due.isoformat(), "article": article},
        )
    ]


# --- the sample texts (集体合同示范文本), filled from the contract's fields ------------------------

GENERAL_CLAUSES = (
    (
        "parties",
        "总则",
        "为维护职工和企业的合法权益，{employer_side}（以下简称企业方）与{union_side}（以下简称职工方）"
        "依照《中华人民共和国劳动合同法》《集体合同规定》，经平等协商，订立本合同。本合同对{coverage_text}及其全体职工具有约束力。",
    ),
    ("term", "合同期限", "本合同期限自{start}起至{end}止。期满前三个月内，双方应就续订或重新订立进行协商。"),
    (
        "wages",
        "劳动报酬",
        "企业实行按劳分配，职工工资按月以货币形式足额支付，不得克扣或者无故拖欠。"
        "本合同期内职工工资平均增长幅度为{wage_increase}，企业支付给提供正常劳动职工的工资不低于{minimum_pay}。",
    ),
    (
        "hours",
        "工作时间",
        "实行每日工作不超过八小时、平均每周工作不超过四十小时的标准工时制度；"
        "因生产经营需要延长工作时间的，应与工会和职工协商，并依法支付加班工资。",
    ),
    ("rest", "休息休假", "职工每周至少休息一日，依法享受法定节假日、带薪年休假、婚丧假、探亲假和产假等假期。"),
    (
        "insurance",
        "保险福利",
        "企业依法为职工办理基本养老、医疗、失业、工伤、生育保险并足额缴纳社会保险费，逐步建立补充保险和福利制度。",
    ),
    (
        "protection",
        "劳动安全卫生",
        "企业执行国家劳动安全卫生规程和标准，为职工提供符合规定的劳动条件和劳动防护用品，"
        "对从事有职业危害作业的职工定期进行健康检查。",
    ),
    (
        "women",
        "女职工特殊保护",
        "企业执行《女职工劳动保护特别规定》，不得因结婚、怀孕、产假、哺乳降低女职工工资或解除劳动合同，"
        "每年组织女职工进行妇科疾病检查。",
    ),
    ("training", "职业技能培训", "企业按规定提取和使用职工教育经费，其中用于一线职工教育培训的比例不低于百分之六十。"),
    ("disputes", "争议处理", "因履行本合同发生争议，双方协商解决；协商不成的，可以依法申请劳动争议仲裁、提起诉讼。"),
    (
        "effect",
        "附则",
        "本合同经职工代表大会审议通过，由双方首席代表签字，报送劳动保障行政部门审查；"
        "劳动保障行政部门自收到文本之日起十五日内未提出异议的，本合同即行生效。",
    ),
)

WAGE_CLAUSES = (
    (
        "parties",
        "总则",
        "{employer_side}（以下简称企业方）与{union_side}（以下简称职工方）依照《工资集体协商试行办法》，"
        "就本年度工资分配事项平等协商，订立本工资专项集体合同（工资协议），对{coverage_text}及其全体职工具有约束力。",
    ),
    ("term", "协议期限", "本协议期限自{start}起至{end}止。"),
    (
        "increase",
        "工资调整",
        "协议期内职工工资平均增长幅度为{wage_increase}，增长部分按岗位、技能和绩效分配，向一线职工倾斜。",
    ),
    (
        "minimum",
        "最低工资",
        "企业支付给提供正常劳动职工的月工资不低于{minimum_pay}，且不低于当地最低工资标准；"
        "延长工作时间工资、中班夜班津贴、高温补贴等不计入最低工资。",
    ),
    ("payment", "工资支付", "工资按月以货币形式于每月约定发薪日前足额支付给职工本人，并提供工资清单。"),
    ("hours", "工作时间与加班工资", "依法安排工作时间，延长工作时间的按国家规定支付加班工资。"),
    (
        "effect",
        "附则",
        "本协议经职工代表大会审议通过后七日内报送劳动保障行政部门审查，"
        "自报送之日起十五日内未收到审查意见书的，视为同意，即行生效。",
    ),
)

SAMPLE_TEXTS = {"general": GENERAL_CLAUSES, "wage": WAGE_CLAUSES}


def sample_clauses(kind: str, fields: dict) -> list[dict]:
    """The sample text of `kind` ("wage" for 工资专项集体合同, the general text otherwise) filled
    from `fields` (employer_side, union_side, coverage_text, start, end, wage_increase,
    minimum_pay): [{key, heading, text}]. A missing field shows as a blank to fill in."""
    values = {key: (str(value) if value not in (None, "") else "＿＿＿＿") for key, value in fields.items()}
    clauses = SAMPLE_TEXTS.get(kind, GENERAL_CLAUSES)
    return [{"key": key, "heading": heading, "text": text.format_map(_Blank(values))} for key, heading, text in clauses]


class _Blank(dict):
    def __missing__(self, key):
        return "＿＿＿＿"
