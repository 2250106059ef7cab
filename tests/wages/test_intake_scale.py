"""A month of a big site's attendance machine in one file: 200 workers × 30 days × 2 punches
(12,000 rows) import in one job with progress, roll up into 200 WorkMonths, and a second import
of the same file changes nothing."""

import random
from datetime import date, timedelta
from decimal import Decimal

from hexie.core.models import Job, Person, Region
from hexie.demo.identity import make_id_number
from hexie.wages.models import Attendance, RosterEntry, WorkMonth
from tests.wages.factory import make_project
from tests.wages.test_intake import csv, run


def test_a_month_of_a_big_site_in_one_file(world):
    project = make_project(world)
    region = Region.objects.get(code="370102")
    employer = project.subcontracts.first().subcontractor
    rng = random.Random(200)
    people = []
    for n in range(200):
        person = Person(name=f"工人{n}", region=region)
        person.set_id_number(make_id_number(rng, "370102", date(1990, 1, 1) + timedelta(days=n), "M"))
        people.append(person)
    Person.objects.bulk_create(people)
    RosterEntry.objects.bulk_create(
        RosterEntry(
            project=project,
            person=p,
            employer=employer,
            badge=f"{n:05d}",
            rate=Decimal("300"),
            enrolled_on=date(2026, 3, 1),
        )
        for n, p in enumerate(Person.objects.filter(name__startswith="工人").order_by("id"))
    )
    rows = []
    for n in range(200):
        for day in range(1, 31):
            rows.append([f"{n:05d}", f"2026-04-{day:02d} 07:5{n % 10}:00"])
            rows.append([n, f"2026-04-{day:02d} 17:3{n % 10}:00"])  # the machine drops leading zeros
    content = csv(rows, ["考勤号码", "刷卡时间"])
    job = run("attendance", project, content, name="考勤.csv")
    assert job.result["valid"], job.result["errors"][:3]
    assert job.result["created"] == 6000 and job.total == 12000
    assert Attendance.objects.count() == 6000
    assert WorkMonth.objects.filter(days=30, hours=Decimal("290.0")).count() == 200
    again = run("attendance", project, content, name="考勤.csv")
    assert (again.result["created"], again.result["updated"], again.result["unchanged"]) == (0, 0, 6000)
    assert Job.objects.filter(kind="wages.import_attendance").count() == 2
