"""Chinese identification codes, validated by python-stdnum (no hand-written check digits)."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum import numdb
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


@lru_cache(maxsize=8192)
def _county_years(code: str) -> tuple[tuple[int, int], ...] | None:
    """The years in which python-stdnum's division table (cn/loc) knows `code` as a county, read
    as `ric.get_birth_place` reads it; None when it does not know the code as one."""
    info = {k: v for _part, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    if "county" not in info:
        return None
    spans = []
    for county in info["county"].split(","):
        if not county.startswith("["):
            return ((0, 9999),)
        first, last = county[1:].split("]")[0].split("-")
        spans.append((int(first) if first else 0, int(last) if last else 9999))
    return tuple(spans)


@lru_cache(maxsize=200_000)
def _birth_place_existed(code: str, year: int) -> bool:
    spans = _county_years(code)
    return spans is not None and any(first <= year <= last for first, last in spans)


def parse_id_number(value: str) -> IdNumber:
    """Validate a 居民身份证号码 as python-stdnum does, in a few microseconds for a good number:
    stdnum's birth-place check scans its division table (~150 µs a number), so its answer is
    remembered per county code and birth year; any number failing a fast check goes through
    `ric.validate` itself for the exact error."""
    number = value.strip().upper()
    if len(number) == 18 and number.isascii() and number[:17].isdigit() and ric.calc_check_digit(number) == number[17]:
        try:
            birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            birth = None
        if birth is not None and _birth_place_existed(number[:6], birth.year):
            return _checked(IdNumber(number=number, birth_date=birth, sex="M" if int(number[16]) % 2 else "F"))
    try:
        number = ric.validate(number)
    except stdnum_exceptions.InvalidChecksum as exc:
        raise ValidationError(_("身份证号码校验位错误"), code="ric_checksum") from exc
    except (stdnum_exceptions.ValidationError, KeyError) as exc:  # stdnum raises KeyError for some codes
        raise ValidationError(_("身份证号码格式或出生日期错误"), code="ric_format") from exc
    return _checked(
        IdNumber(number=number, birth_date=ric.get_birth_date(number), sex="M" if int(number[16]) % 2 else "F")
    )


def _checked(parsed: IdNumber) -> IdNumber:
    if parsed.birth_date > date.today():
        raise ValidationError(_("身份证号码格式或出生日期错误"), code="ric_format")
    return parsed


def clean_mobile(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) != 11 or not digits.startswith("1"):
        raise ValidationError(_("手机号码应为 11 位数字，以 1 开头"), code="mobile")
    return digits
