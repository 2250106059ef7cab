"""The shapes of the core API: plain ninja Schemas with explicit fields.

Dates are ISO strings, money would be a Decimal rendered as a string, and a person is only ever
shown masked: no schema here has a field for the raw ID number or phone.
"""

import re
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator, StrictInt, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from .models import Employment, Industry, Job, Organization, Region

# Database ids: positive and within a 64-bit integer (larger numbers cannot be looked up anywhere).
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
BodyId = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]


def text(max_length: int, min_length: int = 0):
    """A string without NUL characters, which PostgreSQL cannot store or compare."""
    return Annotated[str, StringConstraints(min_length=min_length, max_length=max_length, pattern=r"^[^\x00]*$")]


def _iso_date_only(value):
    """JSON has no dates: accept only the ISO string, not pydantic's lax numbers (0 -> 1970-01-01)."""
    if isinstance(value, date) or (isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)):
        return value
    raise PydanticCustomError("date_type", "Input should be a date in YYYY-MM-DD format")


# Years 1900–2100: a date outside them is an input error, never arithmetic on year 1 (a 500).
IsoDate = Annotated[date, BeforeValidator(_iso_date_only), Field(ge=date(1900, 1, 1), le=date(2100, 12, 31))]
Count = Annotated[StrictInt, Field(ge=0, le=2_147_483_647)]
RegionCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{2,9}$")]
OrganizationKind = Enum("OrganizationKind", {k.name: k.value for k in Organization.Kind}, type=str)
IndustryCode = Enum("IndustryCode", {k.name: k.value for k in Industry}, type=str)
Ownership = Enum("Ownership", {k.name: k.value for k in Organization.Ownership}, type=str)
Size = Enum("Size", {k.name: k.value for k in Organization.Size}, type=str)
RegionLevel = Enum("RegionLevel", {k.name: k.value for k in Region.Level}, type=str)
EmploymentKind = Enum("EmploymentKind", {k.name: k.value for k in Employment.Kind}, type=str)
JobStatus = Enum("JobStatus", {k.name: k.value for k in Job.Status}, type=str)


# --- errors -------------------------------------------------------------------------------------


class Message(Schema):
    detail: str


class FieldError(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrors(Schema):
    detail: list[FieldError]


# --- regions ------------------------------------------------------------------------------------


class RegionOut(Schema):
    code: str
    name: str
    level: RegionLevel
    parent: str | None = Field(None, alias="parent_id")


class RegionFilter(Schema):
    parent: RegionCode | None = None
    level: RegionLevel | None = None


# --- organizations ------------------------------------------------------------------------------


class OrganizationOut(Schema):
    id: int
    kind: OrganizationKind
    name: str
    uscc: str | None
    region: str = Field(..., alias="region_id")
    industry: str
    ownership: str
    size: str
    headcount: int
    parent: int | None = Field(None, alias="parent_id")
    legal_representative: str
    address: str
    established: date | None
    created_at: datetime


class OrganizationFilter(Schema):
    q: text(64) | None = Field(None, description="名称包含，或统一社会信用代码开头")
    kind: OrganizationKind | None = None
    region: RegionCode | None = Field(None, description="区划代码：该地区及其下级")
    industry: IndustryCode | None = None


class RequestBody(Schema):
    """A JSON object body. (Schema reads attributes too, so without this a JSON array would pass
    as an object with no fields set.)"""

    model_config = {"use_enum_values": True}

    @model_validator(mode="before")
    @classmethod
    def must_be_an_object(cls, value):
        if not isinstance(getattr(value, "_obj", value), dict):  # ninja wraps the input in a DjangoGetter
            raise PydanticCustomError("dict_type", "Input should be a valid dictionary")
        return value


class OrganizationIn(RequestBody):
    model_config = {
        "use_enum_values": True,
        "json_schema_extra": {
            "examples": [
                {
                    "kind": "enterprise",
                    "name": "济南历下示例科技有限公司",
                    "uscc": "9137010229141777LP",
                    "region": "370102",
                    "industry": "I",
                    "ownership": "private",
                    "size": "small",
                    "headcount": 25,
                    "established": "2020-04-01",
                }
            ]
        },
    }

    kind: OrganizationKind
    name: text(128, min_length=1)
    uscc: text(32) | None = None
    region: RegionCode
    industry: IndustryCode | None = None
    ownership: Ownership | None = None
    size: Size | None = None
    headcount: Count = 0
    parent: BodyId | None = None
    legal_representative: text(64) = ""
    address: text(255) = ""
    established: IsoDate | None = None


class OrganizationPatch(RequestBody):
    kind: OrganizationKind | None = None
    name: text(128, min_length=1) | None = None
    uscc: text(32) | None = None
    region: RegionCode | None = None
    industry: IndustryCode | None = None
    ownership: Ownership | None = None
    size: Size | None = None
    headcount: Count | None = None
    parent: BodyId | None = None
    legal_representative: text(64) | None = None
    address: text(255) | None = None
    established: IsoDate | None = None


# --- people and employments ---------------------------------------------------------------------


class PersonOut(Schema):
    """A person as the API shows them: masked numbers only."""

    id: int
    name: str
    id_masked: str
    phone_masked: str
    birth_date: date
    sex: str
    age: int
    region: str = Field(..., alias="region_id")


class PersonFilter(Schema):
    q: text(64) | None = Field(None, description="姓名包含")
    region: RegionCode | None = Field(None, description="区划代码：该地区及其下级")
    id_number: text(32) | None = Field(None, description="身份证号码精确查找（按密钥哈希，不存明文）")


class EmploymentOut(Schema):
    id: int
    person: int = Field(..., alias="person_id")
    person_name: str = Field(..., alias="person.name")
    enterprise: int = Field(..., alias="enterprise_id")
    enterprise_name: str = Field(..., alias="enterprise.name")
    kind: EmploymentKind
    position: str
    start: date
    end: date | None
    active: bool


class EmploymentFilter(Schema):
    enterprise: Id | None = None
    person: Id | None = None
    kind: EmploymentKind | None = None
    active: bool | None = None


# --- jobs ---------------------------------------------------------------------------------------


class JobOut(Schema):
    id: int
    kind: str
    status: JobStatus
    progress: int
    total: int
    percent: int
    result: dict[str, Any]
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class JobFilter(Schema):
    kind: text(64) | None = None
    status: JobStatus | None = None
