"""The synthetic demo province (演示数据): real Shandong divisions, the offices of every level,
enterprises, workers and their employments, and one demo account per role.

`generate(scale, seed)` is deterministic: the same seed gives the same names, codes and numbers
(only the AES-GCM ciphertexts differ, their nonces being random). Rows are computed in plain
Python and written in large batches — PostgreSQL's COPY, or one `executemany` per batch elsewhere
— so the S tier seeds in seconds and the M tier (2,000,000 workers) in minutes.
"""

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _
from faker import Faker
from faker.providers.person.zh_CN import Provider as ChineseNames

from hexie.core.bulk import TableWriter
from hexie.core.models import Employment, Membership, Organization, Person, Region
from hexie.core.scoping import user_scope

from . import actors, campaign, contracts, data, disputes, wages
from .birthplaces import birth_code, remembered_birth_places
from .identity import make_id_number, make_uscc

# The day the demo province describes: employments start before it and the ended ones end before
# it. Fixed (not today) so that a seed gives the same rows whenever it runs.
AS_OF = date(2026, 10, 31)
EARLIEST_START = date(2010, 1, 1)
PASSWORD = "hexie-demo-2026"
PROVINCE_CODE = "370000"
BATCH = 20_000

Kind = Organization.Kind


@dataclass(frozen=True)
class Scale:
    name: str
    cities: tuple[str, ...] | None  # 4-digit city prefixes; None: all 16
    counties: tuple[str, ...] | None  # county codes; None: every county of the cities
    enterprises: int
    workers: int
    county_parks: int  # industrial parks besides the development zones in scope


SCALES = {
    # Hidden tier for tests: Jinan with two districts.
    "T": Scale("T", ("3701",), ("370102", "370103"), enterprises=50, workers=500, county_parks=1),
    "S": Scale(
        "S",
        ("3701", "3702", "3706"),
        tuple(
            "370102 370103 370104 370105 370112 370114 370176 "  # Jinan, with its high-tech zone
            "370202 370203 370211 370212 370214 370281 "  # Qingdao
            "370602 370611 370613 370676 370681 370685".split()  # Yantai, with its development zone
        ),
        enterprises=2_000,
        workers=50_000,
        county_parks=3,
    ),
    "M": Scale("M", None, None, enterprises=100_000, workers=2_000_000, county_parks=36),
}


@dataclass
class DemoUser:
    username: str
    role: str
    organization: str
    scope: str


@dataclass
class Summary:
    scale: str
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    users: list[DemoUser] = field(default_factory=list)
    wages: object = None  # wages.WagesSeeded: the warnings the daily arrears check must open


class Reporter:
    """Progress sink: the command shows rich bars, tests pass nothing."""

    def phase(self, label: str, total: int) -> None:
        pass

    def advance(self, amount: int) -> None:
        pass


def is_development_zone(code: str) -> bool:
    """County-level codes 71-79 are development zones (开发区), not counties."""
    return len(code) == 6 and code[4] == "7"


# -- writing -------------------------------------------------------------------------------------


def next_id(model: type[Model]) -> int:
    return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1


def reset_sequences(models: Iterable[type[Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# -- reset -----------------------------------------------------------------------------------------

DEMO_USERNAMES = (
    "province",
    "city",
    "county",
    "union",
    "federation",
    "commerce",
    "hr",
    "worker",
    "mediator",
    "arbitrator",
    "coordinator",
    "evaluator",
    "admin",
)


def has_data() -> bool:
    User = get_user_model()
    return (
        Organization.objects.exists()
        or Person.objects.exists()
        or User.objects.filter(username__in=DEMO_USERNAMES).exists()
    )


def dependent_tables() -> list[str]:
    """Organizations, people, employments and every table whose rows point at them, directly or
    through another such table. Reference data (regions, calendar, seeded configuration) cannot
    point at organizations or people, so it is left alone."""
    models = {Organization, Person, Employment}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models(include_auto_created=True):
            if model in models:
                continue
            if any(f.many_to_one or f.one_to_one for f in model._meta.concrete_fields if f.related_model in models):
                models.add(model)
                changed = True
    return sorted(m._meta.db_table for m in models)


def reset() -> None:
    """Delete the demo province: every organization, person and employment, every row that
    depends on them, and the demo accounts."""
    tables = dependent_tables()
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # TRUNCATE refuses tables with foreign-key checks still pending in this transaction.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"TRUNCATE {', '.join(connection.ops.quote_name(t) for t in tables)} CASCADE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            else:
                for table in tables:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        get_user_model().objects.filter(username__in=DEMO_USERNAMES).delete()
        actors.extra_users().delete()
        contracts.restore_reference_data()
        disputes.restore_reference_data()
        wages.restore_reference_data()


# -- the generator ---------------------------------------------------------------------------------


def _cumulative(weights: Iterable[float]) -> list[float]:
    return list(accumulate(weights))


def _short(name: str) -> str:
    """济南市 -> 济南, 胶州市 -> 胶州, 历下区 -> 历下 (two-character names keep their suffix)."""
    return name[:-1] if len(name) > 2 and name[-1] in "市县区" else name


@dataclass
class Place:
    code: str
    name: str
    level: str
    parent: str | None


@dataclass
class Enterprise:
    id: int
    region: str
    city: str
    industry: str
    established: date
    park: int | None
    workers: int = 0
    ended: int = 0


class Generator:
    def __init__(self, scale: Scale, seed: int, reporter: Reporter | None = None):
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.report = reporter or Reporter()
        self.now = timezone.now()
        self.summary = Summary(scale=scale.name, seed=seed)
        self.usccs: set[str] = set()
        self.org_rows: list[tuple] = []
        self.org_id = 0
        self.named: dict[str, int] = {}  # demo accounts' organizations
        surnames = ChineseNames.last_names
        self.surnames = list(surnames)
        self.surname_weights = _cumulative(surnames.values())
        self.given_male = ChineseNames.first_names_male
        self.given_female = ChineseNames.first_names_female

    # -- regions ------------------------------------------------------------------------------

    def load_regions(self) -> None:
        scale = self.scale
        rows = Region.objects.filter(code__startswith="37").values_list("code", "name", "level", "parent_id")
        self.places = {code: Place(code, name, level, parent) for code, name, level, parent in rows}
        if PROVINCE_CODE not in self.places:
            raise RuntimeError(_("行政区划表为空：请先运行 migrate 导入山东省区划代码"))
        cities = [p for p in self.places.values() if p.level == Region.Level.CITY]
        if scale.cities is not None:
            cities = [p for p in cities if p.code[:4] in scale.cities]
        self.cities = sorted(cities, key=lambda p: p.code)
        city_codes = {c.code for c in self.cities}
        counties = [p for p in self.places.values() if p.level == Region.Level.COUNTY and p.parent in city_codes]
        if scale.counties is not None:
            counties = [p for p in counties if p.code in scale.counties]
        counties.sort(key=lambda p: p.code)
        self.counties = [p for p in counties if not is_development_zone(p.code)]
        self.zones = [p for p in counties if is_development_zone(p.code)]
        in_scope = {c.code for c in counties}
        self.townships: dict[str, list[Place]] = {code: [] for code in in_scope}
        for place in sorted(self.places.values(), key=lambda p: p.code):
            if place.level == Region.Level.TOWNSHIP and place.parent in in_scope:
                self.townships[place.parent].append(place)

    def city_of(self, code: str) -> Place:
        return self.places[code[:4] + "00"]

    def county_label(self, county: Place) -> str:
        """济南市历下区 for a district, 胶州市 or 平阴县 for a county-level city or county."""
        if county.name.endswith("区") and not is_development_zone(county.code):
            return self.city_of(county.code).name + county.name
        return county.name

    def address(self, code: str) -> str:
        place = self.places[code]
        parts = []
        while place is not None and place.code != PROVINCE_CODE:
            parts.append(place.name)
            place = self.places.get(place.parent) if place.parent else None
        street = self.fake.city_name() + self.rng.choice(data.STREET_SUFFIXES)
        return "山东省" + "".join(reversed(parts)) + f"{street}{self.rng.randint(1, 999)}号"

    # -- organizations -----------------------------------------------------------------------

    def uscc(self, region: str, registrar: str, kind: str) -> str:
        while True:
            code = make_uscc(self.rng, region, registrar=registrar, kind=kind)
            if code not in self.usccs:
                self.usccs.add(code)
                return code

    def add_org(
        self,
        kind: str,
        name: str,
        region: str,
        *,
        uscc: tuple[str, str] | None = ("1", "1"),
        industry: str = "",
        ownership: str = "",
        size: str = "",
        headcount: int = 0,
        parent: int | None = None,
        legal_rep: str = "",
        established: date | None = None,
        key: str | None = None,
    ) -> int:
        self.org_id += 1
        code = self.uscc(region, *uscc) if uscc else None
        self.org_rows.append(
            (
                self.org_id,
                kind,
                name,
                code,
                region,
                industry,
                ownership,
                size,
                headcount,
                parent,
                legal_rep,
                self.address(region),
                established,
                self.now,
            )
        )
        if key:
            self.named[key] = self.org_id
        return self.org_id

    def tripartite(self, label: str, region: str, top: bool, key: str | None = None) -> None:
        suffix = "厅" if top else "局"
        self.add_org(
            Kind.GOVERNMENT,
            f"{label}人力资源和社会保障{suffix}",
            region,
            uscc=("1", "1"),
            key=key and f"{key}_government",
        )
        self.add_org(Kind.UNION, f"{label}总工会", region, uscc=("8", "1"), key=key and f"{key}_union")
        self.add_org(
            Kind.ENTERPRISE_FEDERATION,
            f"{label}企业联合会（企业家协会）",
            region,
            uscc=("5", "1"),
            key=key and f"{key}_federation",
        )
        self.add_org(
            Kind.COMMERCE_FEDERATION,
            f"{label}工商业联合会",
            region,
            uscc=("1", "3"),
            key=key and f"{key}_commerce",
        )

    def build_offices(self) -> None:
        self.org_id = next_id(Organization) - 1
        self.tripartite("山东省", PROVINCE_CODE, True, key="province")
        evaluator = "山东" + self.trade_name() + "劳动关系评估咨询有限公司"
        self.add_org(
            Kind.EVALUATOR,
            evaluator,
            PROVINCE_CODE,
            uscc=("9", "1"),
            industry="L",
            ownership="private",
            legal_rep=self.person_name(self.rng.random() < 0.6),
            established=date(2012, 6, 18),
            key="evaluator",
        )
        first_city = self.cities[0].code
        first_county = self.counties[0].code
        for city in self.cities:
            key = "city" if city.code == first_city else None
            self.tripartite(city.name, city.code, False, key=key)
            self.add_org(
                Kind.ARBITRATION_COMMISSION,
                f"{city.name}劳动人事争议仲裁委员会",
                city.code,
                uscc=None,
                key=key and "city_arbitration",
            )
            self.add_org(Kind.COURT, f"{city.name}中级人民法院", city.code, uscc=("1", "1"))
        for county in self.counties:
            label = self.county_label(county)
            key = "county" if county.code == first_county else None
            self.tripartite(label, county.code, False, key=key)
            self.add_org(Kind.ARBITRATION_COMMISSION, f"{label}劳动人事争议仲裁委员会", county.code, uscc=None)
            self.add_org(
                Kind.MEDIATION_COMMITTEE,
                f"{label}劳动人事争议调解中心",
                county.code,
                uscc=None,
                key=key and "county_mediation",
            )
        for county in [*self.counties, *self.zones]:
            label = self.county_label(county)
            for index, town in enumerate(self.townships[county.code]):
                key = "township" if county.code == first_county and index == 0 else None
                office = "办事处" if town.name.endswith("街道") else "人民政府"
                self.add_org(Kind.TOWNSHIP_OFFICE, f"{label}{town.name}{office}", town.code, uscc=("1", "1"))
                self.add_org(
                    Kind.MEDIATION_COMMITTEE,
                    f"{label}{town.name}劳动人事争议调解委员会",
                    town.code,
                    uscc=None,
                )
                self.add_org(
                    Kind.SERVICE_STATION,
                    f"{label}{town.name}劳动关系服务站",
                    town.code,
                    uscc=None,
                    key=key and "station",
                )
        self.build_parks()

    def build_parks(self) -> None:
        """Every development zone in scope is a park; a few counties have one more."""
        self.parks: list[tuple[int, str]] = []  # (organization id, county code)
        for zone in self.zones:
            self.parks.append((self.add_org(Kind.INDUSTRIAL_PARK, zone.name, zone.code, uscc=("1", "1")), zone.code))
        count = min(self.scale.county_parks, len(self.counties))
        for county in sorted(self.rng.sample(self.counties, count), key=lambda p: p.code):
            short = _short(county.name)
            if county.name in {"市中区", "市南区", "市北区"}:
                short = _short(self.city_of(county.code).name) + short
            name = short + self.rng.choice(("经济开发区", "高新技术产业园", "工业园区", "经济技术开发区"))
            self.parks.append((self.add_org(Kind.INDUSTRIAL_PARK, name, county.code, uscc=("1", "1")), county.code))

    # -- names -------------------------------------------------------------------------------

    def person_name(self, male: bool) -> str:
        surname = self.rng.choices(self.surnames, cum_weights=self.surname_weights)[0]
        return surname + self.rng.choice(self.given_male if male else self.given_female)

    def trade_name(self) -> str:
        if self.rng.random() < 0.3:
            prefix = self.fake.company_prefix()
            if len(prefix) == 2:
                return prefix
        first, second = self.rng.sample(data.TRADE_NAME_CHARS, 2)
        return first + second

    # -- enterprises -------------------------------------------------------------------------

    def build_enterprises(self) -> list[Enterprise]:
        rng, scale = self.rng, self.scale
        industries = list(data.INDUSTRY_MIX)
        industry_weights = _cumulative(data.INDUSTRY_MIX.values())
        ownerships = list(data.OWNERSHIP_MIX)
        ownership_weights = _cumulative(data.OWNERSHIP_MIX.values())
        city_weight = {"3702": 1.6, "3701": 1.5, "3706": 1.1, "3707": 1.1, "3713": 1.0}
        towns, town_weights = [], []
        for county in self.counties:
            factor = city_weight.get(county.code[:4], 0.7) * (1.4 if county.name.endswith("区") else 1.0)
            for town in self.townships[county.code] or [county]:
                towns.append(town.code)
                town_weights.append(factor)
        town_cum = _cumulative(town_weights)
        park_towns = {county: [t.code for t in self.townships[county]] or [county] for _, county in self.parks}

        enterprises: list[Enterprise] = []
        next_org = self.org_id
        for _index in range(scale.enterprises):
            next_org += 1
            industry = rng.choices(industries, cum_weights=industry_weights)[0]
            park = None
            if self.parks and rng.random() < (0.3 if industry in "CIM" else 0.06):
                park, county = rng.choice(self.parks)
                region = rng.choice(park_towns[county])
            else:
                region = rng.choices(towns, cum_weights=town_cum)[0]
            enterprises.append(Enterprise(next_org, region, region[:4], industry, AS_OF, park))

        # Workers per enterprise: a heavy-tailed share, larger for factories and building sites.
        weights = [
            rng.lognormvariate(0, 1.25) * data.INDUSTRY_WORKFORCE.get(e.industry, 1.0) * (1.5 if e.park else 1.0)
            for e in enterprises
        ]
        total = sum(weights)
        exact = [scale.workers * w / total for w in weights]
        counts = [math.floor(x) for x in exact]
        by_remainder = sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))
        for i in by_remainder[: scale.workers - sum(counts)]:
            counts[i] += 1
        for enterprise, count in zip(enterprises, counts, strict=True):
            enterprise.workers = count
            enterprise.ended = sum(1 for _ in range(count) if rng.random() < 0.06)
            # Young firms are small; the big employers have been around for a while.
            age_years = rng.expovariate(1 / 8) + (3 if count >= 50 else 0) + (5 if count >= 300 else 0)
            enterprise.established = AS_OF - timedelta(days=int(min(age_years, 34) * 365.25) + 30)
        self.enterprise_weights = _cumulative(weights)

        names: set[str] = set()
        self.report.phase(_("企业"), len(enterprises))
        for enterprise in enterprises:
            headcount = enterprise.workers - enterprise.ended
            size = self.size_of(enterprise.industry, headcount)
            ownership = rng.choices(ownerships, cum_weights=ownership_weights)[0]
            if enterprise.industry == "D" and rng.random() < 0.5:
                ownership = "state"
            name = self.enterprise_name(enterprise, size, names)
            self.org_id = enterprise.id
            self.org_rows.append(
                (
                    enterprise.id,
                    Kind.ENTERPRISE,
                    name,
                    self.uscc(enterprise.region, "9", "1"),
                    enterprise.region,
                    enterprise.industry,
                    ownership,
                    size,
                    headcount,
                    enterprise.park,
                    self.person_name(rng.random() < 0.75),
                    self.address(enterprise.region),
                    enterprise.established,
                    self.now,
                )
            )
            if len(self.org_rows) >= BATCH:
                self.flush_orgs()
        return enterprises

    @staticmethod
    def size_of(industry: str, headcount: int) -> str:
        large, medium, small = data.SIZE_THRESHOLDS.get(industry, data.DEFAULT_SIZE_THRESHOLDS)
        if headcount >= large:
            return Organization.Size.LARGE
        if headcount >= medium:
            return Organization.Size.MEDIUM
        if headcount >= small:
            return Organization.Size.SMALL
        return Organization.Size.MICRO

    def enterprise_name(self, enterprise: Enterprise, size: str, taken: set[str]) -> str:
        rng = self.rng
        county = self.places[enterprise.region[:6]]
        city = self.places[enterprise.city + "00"]
        while True:
            roll = rng.random()
            if roll < 0.08:
                place = "山东"
            elif roll < 0.3 and county.name.endswith(("市", "县")):
                place = _short(county.name)
            else:
                place = _short(city.name)
            trade = self.trade_name()
            if size == Organization.Size.LARGE and rng.random() < 0.3:
                name = f"{place}{trade}集团有限公司"
            else:
                word = rng.choice(data.INDUSTRY_WORDS[enterprise.industry])
                suffix = "股份有限公司" if size in ("large", "medium") and rng.random() < 0.3 else "有限公司"
                name = f"{place}{trade}{word}{suffix}"
            if name not in taken:
                taken.add(name)
                return name

    def flush_orgs(self) -> None:
        self.org_writer.write(self.org_rows)
        self.report.advance(len(self.org_rows))
        self.org_rows = []

    # -- people and employments --------------------------------------------------------------

    def birth_date(self, male: bool) -> date:
        rng = self.rng
        band_weights = _AGE_WEIGHTS
        while True:
            low, high, _share = rng.choices(data.AGE_BANDS, cum_weights=band_weights)[0]
            age = rng.randint(low, high)
            if male or age <= 55:
                break
        return AS_OF - timedelta(days=age * 365 + rng.randrange(365) + age // 4)

    def build_people(self, enterprises: list[Enterprise]) -> None:
        rng = self.rng
        person = Person()  # sets the encrypted fields the one way the model defines
        used_ids: set[str] = set()
        kinds = data.EMPLOYMENT_KINDS
        person_id = next_id(Person)
        employment_id = next_id(Employment)
        people: list[tuple] = []
        jobs: list[tuple] = []
        person_writer = TableWriter(
            Person,
            (
                "id",
                "name",
                "id_cipher",
                "id_hash",
                "id_masked",
                "birth_date",
                "sex",
                "phone_cipher",
                "phone_hash",
                "phone_masked",
                "region_id",
                "created_at",
            ),
        )
        job_writer = TableWriter(Employment, ("id", "person_id", "enterprise_id", "kind", "position", "start", "end"))
        self.report.phase(_("人员与用工"), self.scale.workers)
        for enterprise in enterprises:
            industry = enterprise.industry
            male_share = data.MALE_SHARE.get(industry, 0.55)
            kind_weights = _cumulative(data.KIND_MIX.get(industry, data.DEFAULT_KIND_MIX))
            positions = data.POSITIONS[industry]
            for index in range(enterprise.workers):
                male = rng.random() < male_share
                born = self.birth_date(male)
                if rng.random() < data.HOME_SHARE:
                    home = (enterprise.city, "37") if rng.random() < data.HOME_CITY_SHARE else ("37",)
                else:
                    home = (rng.choices(_MIGRANT_PROVINCES, cum_weights=_MIGRANT_WEIGHTS)[0],)
                place = birth_code(rng, home, born.year)
                number = make_id_number(rng, place, born, "M" if male else "F")
                while number in used_ids:
                    number = make_id_number(rng, place, born, "M" if male else "F")
                used_ids.add(number)
                person.set_id_number(number)
                phone = rng.choice(data.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
                person.set_phone(phone)
                people.append(
                    (
                        person_id,
                        self.person_name(male),
                        person.id_cipher,
                        person.id_hash,
                        person.id_masked,
                        person.birth_date,
                        person.sex,
                        person.phone_cipher,
                        person.phone_hash,
                        person.phone_masked,
                        enterprise.region,
                        self.now,
                    )
                )
                adult = born + timedelta(days=18 * 365 + 5)
                first = min(max(EARLIEST_START, enterprise.established, adult), AS_OF - timedelta(days=2))
                span = (AS_OF - first).days - 1
                start = first + timedelta(days=int(span * rng.random() ** 0.6))
                ended = index < enterprise.ended
                end = min(start + timedelta(days=rng.randint(60, 2400)), AS_OF - timedelta(days=1)) if ended else None
                kind = rng.choices(kinds, cum_weights=kind_weights)[0]
                jobs.append((employment_id, person_id, enterprise.id, kind, rng.choice(positions), start, end))
                employment_id += 1
                # One worker in twenty came from an earlier job, ended before this one started.
                if rng.random() < 0.05 and (start - EARLIEST_START).days > 400:
                    earlier = enterprises[rng.choices(range(len(enterprises)), cum_weights=self.enterprise_weights)[0]]
                    earlier_first = max(EARLIEST_START, earlier.established, adult)
                    earlier_last = start - timedelta(days=31)
                    if earlier is not enterprise and (earlier_last - earlier_first).days > 90:
                        begin = earlier_first + timedelta(days=rng.randrange((earlier_last - earlier_first).days - 60))
                        finish = min(begin + timedelta(days=rng.randint(60, 1800)), earlier_last)
                        jobs.append(
                            (
                                employment_id,
                                person_id,
                                earlier.id,
                                "contract",
                                rng.choice(data.POSITIONS[earlier.industry]),
                                begin,
                                finish,
                            )
                        )
                        employment_id += 1
                person_id += 1
                if len(people) >= BATCH:
                    person_writer.write(people)
                    job_writer.write(jobs)
                    self.report.advance(len(people))
                    people, jobs = [], []
        person_writer.write(people)
        job_writer.write(jobs)
        self.report.advance(len(people))

    # -- accounts ----------------------------------------------------------------------------

    def build_users(self) -> None:
        User = get_user_model()
        orgs = self.named
        first_county = self.counties[0].code
        hr_enterprise = (
            Organization.objects.filter(kind=Kind.ENTERPRISE, region__code__startswith=first_county)
            .order_by("-headcount", "id")
            .first()
        )
        worker_person = (
            Person.objects.filter(employments__enterprise=hr_enterprise, employments__end__isnull=True)
            .order_by("id")
            .first()
        )
        plan = [
            ("province", orgs["province_government"], "staff"),
            ("city", orgs["city_government"], "staff"),
            ("county", orgs["county_government"], "staff"),
            ("union", orgs["city_union"], "staff"),
            ("federation", orgs["city_federation"], "staff"),
            ("commerce", orgs["city_commerce"], "staff"),
            ("hr", hr_enterprise.id, "hr"),
            ("mediator", orgs["county_mediation"], "mediator"),
            ("arbitrator", orgs["city_arbitration"], "arbitrator"),
            ("coordinator", orgs["station"], "coordinator"),
            ("evaluator", orgs["evaluator"], "evaluator"),
        ]
        # One hash for all: the password is the same, public and for demo only, and argon2 is slow.
        hashed = make_password(PASSWORD)
        for username, org_id, role in plan:
            user = User.objects.create(username=username, password=hashed)
            Membership.objects.create(user=user, organization_id=org_id, role=role)
        worker = User.objects.create(username="worker", password=hashed, first_name=worker_person.name)
        Person.objects.filter(pk=worker_person.pk).update(user=worker)
        User.objects.create(
            username="admin", email="admin@example.invalid", password=hashed, is_staff=True, is_superuser=True
        )
        self.summary.users = demo_accounts()

    # -- the whole run -----------------------------------------------------------------------

    def run(self) -> Summary:
        with transaction.atomic():
            self.report.phase(_("行政区划"), 1)
            self.load_regions()
            self.report.advance(1)
            self.org_writer = TableWriter(
                Organization,
                (
                    "id",
                    "kind",
                    "name",
                    "uscc",
                    "region_id",
                    "industry",
                    "ownership",
                    "size",
                    "headcount",
                    "parent_id",
                    "legal_representative",
                    "address",
                    "established",
                    "created_at",
                ),
            )
            self.build_offices()
            offices = len(self.org_rows)
            self.report.phase(_("机构"), offices)
            self.flush_orgs()
            enterprises = self.build_enterprises()
            self.flush_orgs()
            with remembered_birth_places():
                self.build_people(enterprises)
            reset_sequences([Organization, Person, Employment])
            self.report.phase(_("演示账号"), 1)
            self.build_users()
            self.report.advance(1)
            contract_counts = contracts.build(self.seed, self.scale.name, AS_OF, self.report)
            campaign_counts = campaign.build(self.seed, self.scale.name, AS_OF, self.report)
            dispute_counts = disputes.build(self.seed, self.scale.name, AS_OF, self.report)
            self.summary.wages = wages.build(self.seed, self.scale.name, AS_OF, self.report)
        self.summary.counts = {
            "regions": 1
            + len(self.cities)
            + len(self.counties)
            + len(self.zones)
            + sum(len(t) for t in self.townships.values()),
            "offices": offices,
            "enterprises": len(enterprises),
            "people": Person.objects.count(),
            "employments": Employment.objects.count(),
            **contract_counts,
            **campaign_counts,
            **dispute_counts,
            **self.summary.wages.counts,
        }
        return self.summary


_AGE_WEIGHTS = _cumulative(share for _low, _high, share in data.AGE_BANDS)
_MIGRANT_PROVINCES = list(data.MIGRANT_PROVINCES)
_MIGRANT_WEIGHTS = _cumulative(data.MIGRANT_PROVINCES.values())


def describe(user) -> DemoUser:
    """A demo account as the table shows it: what the scoping code actually grants it."""
    scope = user_scope(user)
    membership = user.memberships.select_related("organization").first()
    if scope.everything:
        role, org, reach = _("超级管理员"), "—", _("全部数据")
    elif membership is None:
        person = user.person
        role, org, reach = (
            _("职工"),
            person.employments.filter(end__isnull=True).first().enterprise.name,
            _("本人"),
        )
    else:
        role, org = membership.get_role_display(), membership.organization.name
        if scope.regions:
            reach = _("区划 %(codes)s 及下级") % {"codes": ", ".join(scope.regions)}
        elif scope.service_regions:
            reach = _("服务区划 %(codes)s 及下级、本机构") % {"codes": ", ".join(scope.service_regions)}
        else:
            reach = _("本企业")
    return DemoUser(user.username, str(role), org, str(reach))


def demo_accounts() -> list[DemoUser]:
    """The demo accounts present in the database, in the order the generator creates them."""
    found = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_USERNAMES)}
    return [describe(found[name]) for name in DEMO_USERNAMES if name in found]


def generate(scale: str | Scale, seed: int = 2026, reporter: Reporter | None = None) -> Summary:
    """Seed the demo province of `scale` ("S", "M", or the tests' "T") into an empty database."""
    if isinstance(scale, str):
        scale = SCALES[scale.upper()]
    return Generator(scale, seed, reporter).run()


__all__ = ["AS_OF", "DEMO_USERNAMES", "PASSWORD", "SCALES", "Summary", "generate", "has_data", "reset"]
