from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hexie.core import crypto
from hexie.core.codes import clean_mobile, clean_uscc, parse_id_number
from hexie.core.models import Organization, Person, Region


def test_id_numbers_are_validated_by_stdnum_and_tell_birth_date_and_sex():
    parsed = parse_id_number("11010519491231002X")
    assert parsed.birth_date == date(1949, 12, 31) and parsed.sex == "F"
    assert parsed.age_on(date(2026, 12, 30)) == 76 and parsed.age_on(date(2026, 12, 31)) == 77
    with pytest.raises(ValidationError, match="校验位"):
        parse_id_number("110105194912310021")
    with pytest.raises(ValidationError):
        parse_id_number("11010519491332002X")  # no 32 December


def test_uscc_check_character_is_verified():
    assert clean_uscc("91110000600037341L") == "91110000600037341L"
    with pytest.raises(ValidationError, match="校验位"):
        clean_uscc("91110000600037341M")


def test_mobile_numbers_are_normalized():
    assert clean_mobile("+86 138-0013-8000") == "13800138000"
    with pytest.raises(ValidationError):
        clean_mobile("2800138000")


@pytest.mark.django_db
def test_a_persons_numbers_are_encrypted_masked_and_found_by_keyed_hash():
    person = Person(name="王丽", region=Region.objects.get(code="370102"))
    person.set_id_number("11010519491231002X")
    person.set_phone("13800138000")
    person.save()
    row = Person.objects.filter(pk=person.pk).values().get()
    assert "11010519491231002X" not in str(row) and "13800138000" not in str(row)
    assert row["id_masked"] == "110105********002X" and row["phone_masked"] == "138****8000"
    assert person.id_number == "11010519491231002X"
    assert Person.find_by_id_number("11010519491231002x") == person  # case-insensitive X
    assert (person.sex, person.birth_date) == ("F", date(1949, 12, 31))


def test_the_lookup_hash_depends_on_the_data_key(settings):
    first = crypto.lookup_hash("11010519491231002X")
    assert crypto.lookup_hash(" 11010519491231002x ") == first  # normalized before hashing
    settings.DATA_KEY = "another-key"
    assert crypto.lookup_hash("11010519491231002X") != first


def test_encryption_uses_a_fresh_nonce_and_round_trips():
    sealed = crypto.encrypt("13800000001")
    assert sealed != crypto.encrypt("13800000001") and crypto.decrypt(sealed) == "13800000001"


@pytest.mark.django_db
def test_an_enterprise_needs_a_valid_uscc():
    org = Organization(kind="enterprise", name="某公司", region_id="370102")
    with pytest.raises(ValidationError):
        org.full_clean()
    org.uscc = "91110000600037341M"
    with pytest.raises(ValidationError):
        org.full_clean()


@pytest.mark.django_db
def test_regions_are_the_real_shandong_divisions_and_prefixes_nest():
    assert Region.objects.filter(level="city").count() == 16
    assert Region.objects.filter(level="county").count() == 151
    assert Region.objects.filter(level="township").count() == 1853
    lixia = Region.objects.get(code="370102")
    assert lixia.prefix == "370102" and lixia.parent.prefix == "3701" and lixia.parent.parent.prefix == "37"
    assert lixia.full_name() == "山东省济南市历下区"
    assert all(t.code.startswith(lixia.prefix) for t in lixia.children.all())


@pytest.mark.django_db
def test_changes_are_audited(world):
    from auditlog.models import LogEntry

    world.enterprise_a.headcount = 321
    world.enterprise_a.save()
    entry = LogEntry.objects.get_for_object(world.enterprise_a).latest("timestamp")
    assert entry.changes_dict["headcount"] == ["320", "321"]
    person_changes = LogEntry.objects.get_for_object(world.alice_person).first().changes_dict
    assert not any(key.endswith(("_cipher", "_hash")) for key in person_changes)


def test_the_fast_id_number_check_agrees_with_stdnum():
    """`parse_id_number` remembers stdnum's birth-place answer; over every division code stdnum
    knows (and some it does not), in years before, during and after each code's life, and with
    broken check digits and dates, it must accept and refuse exactly what `ric.validate` does."""
    import random

    from stdnum import exceptions
    from stdnum.cn import ric

    from hexie.demo.birthplaces import _counties

    rng = random.Random(11)
    codes = sorted({code for code, _first, _last in _counties()}) + ["370100", "999999", "110000", "371799"]
    numbers = []
    for code in codes:
        for year in rng.sample(range(1940, 2024), 2):
            body = f"{code}{year}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}{rng.randrange(1000):03d}"
            numbers.append(body + ric.calc_check_digit(body + "0"))
    numbers += [n[:-1] + ("0" if n[-1] != "0" else "1") for n in rng.sample(numbers, 200)]  # check digit
    numbers += [n[:10] + "1302" + n[14:] for n in rng.sample(numbers, 200)]  # a 13th month
    numbers += [n.lower() for n in numbers if n.endswith("X")][:50]
    for number in numbers:
        try:
            ric.validate(number)
            expected = "valid"
        except exceptions.InvalidChecksum:
            expected = "ric_checksum"
        except (exceptions.ValidationError, KeyError):
            expected = "ric_format"
        try:
            parsed = parse_id_number(number)
            got = "valid"
            assert parsed.birth_date == ric.get_birth_date(number)
        except ValidationError as exc:
            got = exc.code
        assert got == expected, number
