"""Valid synthetic identification codes for demo data, tests and benchmarks.

The check characters come from python-stdnum's own `calc_check_digit`, so every code generated
here passes the same validation real input does.
"""

import random
from datetime import date

from stdnum.cn import ric, uscc

USCC_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_uscc(rng: random.Random, region_code: str, *, registrar: str = "9", kind: str = "1") -> str:
    """统一社会信用代码: registrar (9 = market regulator) + kind (1 = company) + the 6-digit region
    code + a 9-character organization code + check character."""
    body = registrar + kind + region_code[:6] + "".join(rng.choice(USCC_BODY[:10]) for _ in range(8))
    body += rng.choice(USCC_BODY)
    return body + uscc.calc_check_digit(body)


def make_id_number(rng: random.Random, region_code: str, birth: date, sex: str) -> str:
    """居民身份证号码: the 6-digit region code, birth date, a 3-digit sequence whose last digit is odd
    for men, and the check character."""
    seq = rng.randrange(0, 100) * 10 + rng.choice((1, 3, 5, 7, 9) if sex == "M" else (0, 2, 4, 6, 8))
    body = f"{region_code[:6]}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def make_mobile(rng: random.Random) -> str:
    return rng.choice(("13", "15", "17", "18", "19")) + f"{rng.randrange(10**9):09d}"
