"""The working-day calendar against the official schedules (国务院办公厅 holiday notices)."""

from datetime import date

import pytest

from hexie.core.calendar import Deadline, add_period, is_workday, working_days_between
from hexie.core.models import CalendarDay, CalendarYear

D = date

# (start, days, kind, expected end, provisional, why)
CASES = [
    (D(2026, 9, 30), 5, "working", D(2026, 10, 13), False, "国庆 1-7 Oct off, Sat 10 Oct a make-up workday"),
    (D(2026, 9, 26), 5, "natural", D(2026, 10, 8), False, "ends on 1 Oct, a holiday: moves to the next workday"),
    (D(2026, 9, 18), 2, "natural", D(2026, 9, 20), False, "ends Sun 20 Sep, a make-up workday: stays"),
    (D(2026, 2, 13), 3, "working", D(2026, 2, 25), False, "春节: Sat 14 Feb works, 15-23 Feb off"),
    (D(2026, 2, 10), 10, "natural", D(2026, 2, 24), False, "ends 20 Feb in the Spring Festival"),
    (D(2025, 1, 24), 5, "working", D(2025, 2, 7), False, "春节 2025: 26 Jan works, 28 Jan-4 Feb off, 8 Feb works"),
    (D(2026, 5, 8), 5, "working", D(2026, 5, 14), False, "Sat 9 May works after 劳动节"),
    (D(2026, 12, 30), 3, "working", D(2027, 1, 4), True, "2027 has no schedule: weekends only, provisional"),
    (D(2026, 12, 20), 15, "natural", D(2027, 1, 4), True, "ends Mon 4 Jan 2027"),
    (D(2026, 12, 1), 15, "natural", D(2026, 12, 16), False, "stays inside 2026"),
    (D(2027, 3, 1), 45, "natural", D(2027, 4, 15), True, "wholly in 2027"),
    (D(2026, 6, 5), 5, "working", D(2026, 6, 12), False, "an ordinary week"),
    (D(2026, 6, 1), 0, "natural", D(2026, 6, 1), False, "zero days on a workday"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("start,days,kind,end,provisional,why", CASES, ids=[c[-1] for c in CASES])
def test_add_period(start, days, kind, end, provisional, why):
    assert add_period(start, days, kind) == Deadline(end, provisional)


@pytest.mark.django_db
def test_is_workday_follows_the_official_schedule():
    assert is_workday(D(2026, 10, 10)) is True  # Saturday make-up workday
    assert is_workday(D(2026, 10, 5)) is False  # Monday in the National Day holiday
    assert is_workday(D(2026, 10, 17)) is False  # an ordinary Saturday
    assert is_workday(D(2027, 1, 1)) is True  # a Friday of a year with no schedule yet


@pytest.mark.django_db
def test_staff_publishing_next_years_schedule_makes_deadlines_final():
    assert add_period(D(2026, 12, 30), 3, "working") == Deadline(D(2027, 1, 4), True)
    CalendarDay.objects.create(day=D(2027, 1, 1), kind="holiday", name="元旦")
    CalendarYear.objects.create(year=2027, source="国办发明电〔2026〕")
    assert add_period(D(2026, 12, 30), 3, "working") == Deadline(D(2027, 1, 5), False)
    CalendarDay.objects.filter(day=D(2027, 1, 1)).delete()
    assert add_period(D(2026, 12, 30), 3, "working") == Deadline(D(2027, 1, 4), False)


@pytest.mark.django_db
def test_working_days_between_counts_after_the_start():
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 13)) == 5
    assert working_days_between(D(2026, 10, 13), D(2026, 9, 30)) == 0


@pytest.mark.django_db
def test_negative_or_unknown_periods_are_refused():
    with pytest.raises(ValueError):
        add_period(D(2026, 1, 1), -1, "natural")
    with pytest.raises(ValueError):
        add_period(D(2026, 1, 1), 1, "lunar")
