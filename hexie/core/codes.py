"""Chinese identification codes, validated by python-stdnum (no hand-written check digits)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric, uscc


def clean_uscc(value: str) -> str:
    """统一社会信用代码 (GB 32100-2015): 18 characters with a check character."""
    try:
        return uscc.validate(value)
    except stdnum_exceptions.InvalidChecksum as exc:
        raise ValidationError(_("统一社会信用代码校验位错误"), code="uscc_checksum") from exc
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(_("统一社会信用代码格式错误"), code="uscc_format") from exc


@dataclass(frozen=True)
class IdNumber:
    """A validated 居民身份证号码 (GB 11643) and what it says about its holder."""

    number: str
    birth_date: date
    sex: str  # "M" or "F": the 17th digit is odd for men

    def age_on(self, day: date) -> int:
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


def parse_id_number(value: str) -> IdNumber:
    try:
        number = ric.validate(value)
    except stdnum_exceptions.InvalidChecksum as exc:
        raise ValidationError(_("身份证号码校验位错误"), code="ric_checksum") from exc
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(_("身份证号码格式或出生日期错误"), code="ric_format") from exc
    return IdNumber(number=number, birth_date=ric.get_birth_date(number), sex="M" if int(number[16]) % 2 else "F")


def clean_mobile(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) != 11 or not digits.startswith("1"):
        raise ValidationError(_("手机号码应为 11 位数字，以 1 开头"), code="mobile")
    return digits
