"""Case numbers in the official style, one sequence per county, year and kind:

    application   SQ-370102-2026-000123                 (filed online, before any forum takes it)
    mediation     （2026）鲁0102劳人调字第45号
    arbitration   （2026）鲁0102劳人仲案字第123号        (given at acceptance)

The province's one-character abbreviation and the last four digits of the county code follow the
court's case-number style (最高法《关于人民法院案件案号的若干规定》), which arbitration commissions
use too.
"""

from hexie.core.numbering import take_numbers

from ..models import CaseNumberSequence

PROVINCE_ABBREVIATIONS = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "蒙", "21": "辽", "22": "吉", "23": "黑",
    "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣", "37": "鲁", "41": "豫",
    "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼", "50": "渝", "51": "川", "52": "贵",
    "53": "云", "54": "藏", "61": "陕", "62": "甘", "63": "青", "64": "宁", "65": "新",
}  # fmt: skip


def court_style_prefix(region_code: str) -> str:
    """鲁0102 for 370102: the province's abbreviation and the rest of the county code."""
    return PROVINCE_ABBREVIATIONS.get(region_code[:2], "") + region_code[2:6]


def application_number(region_code: str, year: int) -> str:
    prefix = f"SQ-{region_code[:6]}-{year}-"
    (n,) = take_numbers(CaseNumberSequence, prefix)
    return f"{prefix}{n:06d}"


def mediation_number(region_code: str, year: int) -> str:
    prefix = f"（{year}）{court_style_prefix(region_code)}劳人调字"
    (n,) = take_numbers(CaseNumberSequence, prefix)
    return f"{prefix}第{n}号"


def arbitration_number(region_code: str, year: int) -> str:
    prefix = f"（{year}）{court_style_prefix(region_code)}劳人仲案字"
    (n,) = take_numbers(CaseNumberSequence, prefix)
    return f"{prefix}第{n}号"
