"""Complaints and their handling, and the lists: a worker complains from a phone, the inspection
orders payment, an ignored order at the statutory threshold proposes the employer for the
blacklist, the party is notified and may object, the decision lists it for three years, the public
page shows it, and correction with a pledge takes it off early (WPR, BL-5..17)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hexie.core.scoping import scoped
from hexie.wages.models import Complaint, Listing
from hexie.wages.services import enforcement, listings
from tests.wages.factory import enroll, make_project


@pytest.fixture
def project(world):
    project = make_project(world)
    enroll(project, world.alice_person)
    return project


def complain(world, site, **overrides):
    project = site
    employer = project.subcontracts.first().subcontractor
    data = {
        "employer": employer.pk,
        "project": project.pk,
        "facts": "2026年7月至9月在工地做钢筋工，工资一直未发。",
        "amount": "12000.00",
        "months": 3,
        "workers": 1,
        **overrides,
    }
    return enforcement.file_complaint(world.alice, data)


def test_a_worker_complains_and_the_employer_never_sees_it(world, project):
    complaint = complain(world, project)
    assert complaint.number.startswith("TS-370102-")
    assert scoped(Complaint.objects.all(), world.lixia).filter(pk=complaint.pk).exists()
    assert scoped(Complaint.objects.all(), world.alice).filter(pk=complaint.pk).exists()
    contractor_hr = complaint.employer.memberships.first()
    general_hr = project.general_contractor.memberships.first().user
    for user in [world.hr_a, general_hr, world.shizhong, world.bob] + ([contractor_hr.user] if contractor_hr else []):
        assert not scoped(Complaint.objects.all(), user).filter(pk=complaint.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount": "-5"}, "amount"),
        ({"amount": "一万"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "100.001"}, "amount"),
        ({"employer": 999999}, "employer"),
        ({"facts": "没发"}, "facts"),
        ({"months": 0}, "months"),
    ],
)
def test_a_bad_complaint_is_refused_field_by_field_and_nothing_is_written(world, project, overrides, field):
    with pytest.raises(ValidationError) as raised:
        complain(world, project, **overrides)
    assert field in raised.value.error_dict
    assert not Complaint.objects.exists()


def test_only_a_worker_on_the_project_may_complain_about_it(world, project):
    other = make_project(world, county="370103")
    with pytest.raises(ValidationError) as raised:
        complain(world, project, project=other.pk)
    assert "project" in raised.value.error_dict
    with pytest.raises(PermissionDenied):
        enforcement.file_complaint(world.hr_a, {})


def test_inspection_orders_payment_and_records_it(world, project):
    complaint = complain(world, project)
    enforcement.investigate(complaint, world.lixia)
    with pytest.raises(ValidationError):
        enforcement.order_payment(complaint, world.lixia, timezone.localdate())
    enforcement.order_payment(complaint, world.lixia, timezone.localdate() + timedelta(days=10))
    enforcement.record_payment(complaint, world.lixia, "5000.00", timezone.localdate())
    complaint.refresh_from_db()
    assert complaint.status == "ordered" and complaint.paid_amount == Decimal("5000.00")
    enforcement.record_payment(complaint, world.lixia, "7000.00", timezone.localdate())
    complaint.refresh_from_db()
    assert complaint.status == "paid"
    enforcement.close(complaint, world.lixia)
    assert complaint.status == "closed" and complaint.closed_on == timezone.localdate()


def test_staff_of_another_county_cannot_handle_a_complaint(world, project):
    complaint = complain(world, project)
    with pytest.raises(PermissionDenied):
        enforcement.investigate(complaint, world.shizhong)
    complaint.refresh_from_db()
    assert complaint.status == "filed"


def ignored_order(world, project, **overrides):
    complaint = complain(world, project, **overrides)
    enforcement.investigate(complaint, world.lixia)
    enforcement.order_payment(complaint, world.lixia, timezone.localdate() + timedelta(days=1))
    Complaint.objects.filter(pk=complaint.pk).update(order_deadline=timezone.localdate() - timedelta(days=1))
    complaint.refresh_from_db()
    return complaint


def test_blacklist_from_an_ignored_order_at_the_threshold_through_notice_objection_and_decision(world, project):
    complaint = ignored_order(world, project, amount="10000.00", months=3)
    employer = complaint.employer
    listing = listings.propose(world.lixia, organization=employer, kind=Listing.Kind.BLACKLIST, complaint=complaint)
    assert listing.findings[0][0] == "BL-5"
    with pytest.raises(ValidationError):
        listings.propose(world.lixia, organization=employer, kind=Listing.Kind.BLACKLIST, complaint=complaint)
    listings.notify(listing, world.lixia)
    assert listing.objection_deadline > listing.notified_on
    with pytest.raises(ValidationError):  # BL-6: not before the objection window closes
        listings.decide(listing, world.lixia)
    listing.refresh_from_db()
    assert listing.status == "notified"
    Listing.objects.filter(pk=listing.pk).update(objection_deadline=timezone.localdate() - timedelta(days=1))
    listing.refresh_from_db()
    listings.decide(listing, world.lixia)
    assert listing.status == "listed"
    assert listing.expires_on == listing.listed_on.replace(year=listing.listed_on.year + 3)
    listings.publish(listing, world.lixia)
    assert list(listings.public_listings()) == [listing]


def test_below_the_threshold_or_with_the_order_unexpired_nobody_is_proposed(world, project):
    complaint = ignored_order(world, project, amount="9999.99", months=3)
    with pytest.raises(ValidationError):
        listings.propose(world.lixia, organization=complaint.employer, kind=Listing.Kind.BLACKLIST, complaint=complaint)
    fresh = complain(world, project, amount="50000.00")
    with pytest.raises(ValidationError):
        listings.propose(world.lixia, organization=fresh.employer, kind=Listing.Kind.BLACKLIST, complaint=fresh)
    assert not Listing.objects.exists()


def test_corrected_with_a_pledge_before_the_decision_is_not_listed(world, project):
    complaint = ignored_order(world, project, amount="20000.00", months=4)
    listing = listings.propose(
        world.lixia, organization=complaint.employer, kind=Listing.Kind.BLACKLIST, complaint=complaint
    )
    listings.notify(listing, world.lixia)
    listings.record_correction(listing, world.lixia, corrected_on=timezone.localdate(), pledged=True)
    Listing.objects.filter(pk=listing.pk).update(objection_deadline=timezone.localdate() - timedelta(days=1))
    listing.refresh_from_db()
    with pytest.raises(ValidationError, match="第七条"):
        listings.decide(listing, world.lixia)
    listings.decline(listing, world.lixia, "已改正并书面承诺")
    assert listing.status == "declined"


def test_the_party_objects_in_time_only(world, project):
    complaint = ignored_order(world, project, amount="20000.00", months=4)
    listing = listings.propose(
        world.lixia, organization=complaint.employer, kind=Listing.Kind.BLACKLIST, complaint=complaint
    )
    listings.notify(listing, world.lixia)
    from tests.world import make_user

    hr = make_user("labor_hr", org=complaint.employer, role="hr")
    listings.object_to(listing, hr, "已于期限内支付部分工资，请求复核")
    assert listing.status == "objected"
    listings.decide(listing, world.lixia, note="经复核，异议不成立")
    assert listing.status == "listed"


def test_early_removal_needs_correction_six_months_and_a_pledge(world, project):
    complaint = ignored_order(world, project, amount="20000.00", months=4)
    listing = listings.propose(
        world.lixia, organization=complaint.employer, kind=Listing.Kind.BLACKLIST, complaint=complaint
    )
    listings.notify(listing, world.lixia)
    Listing.objects.filter(pk=listing.pk).update(objection_deadline=timezone.localdate() - timedelta(days=1))
    listing.refresh_from_db()
    listings.decide(listing, world.lixia)
    with pytest.raises(ValidationError):
        listings.remove_early(listing, world.lixia)
    Listing.objects.filter(pk=listing.pk).update(listed_on=timezone.localdate() - timedelta(days=400))
    Complaint.objects.filter(pk=complaint.pk).update(filed_at=timezone.now() - timedelta(days=500))
    listing.refresh_from_db()
    listings.record_correction(
        listing, world.lixia, corrected_on=timezone.localdate() - timedelta(days=200), pledged=True
    )
    listings.remove_early(listing, world.lixia)
    assert listing.status == "removed" and not listing.published


def test_no_early_removal_when_arrears_recur_while_listed(world, project):
    complaint = ignored_order(world, project, amount="20000.00", months=4)
    listing = listings.propose(
        world.lixia, organization=complaint.employer, kind=Listing.Kind.BLACKLIST, complaint=complaint
    )
    listings.notify(listing, world.lixia)
    Listing.objects.filter(pk=listing.pk).update(
        objection_deadline=timezone.localdate() - timedelta(days=1), status="listed",
        listed_on=timezone.localdate() - timedelta(days=400), corrected_on=timezone.localdate() - timedelta(days=200),
        pledged=True,
    )  # fmt: skip
    listing.refresh_from_db()
    complain(world, project, amount="800.00")  # a new complaint while listed (BL-14)
    with pytest.raises(ValidationError, match="第十四条"):
        listings.remove_early(listing, world.lixia)
    listing.refresh_from_db()
    assert listing.status == "listed"


def test_a_listing_whose_term_ended_is_removed_by_the_daily_clock(world, project):
    complaint = ignored_order(world, project, amount="20000.00", months=4)
    listing = listings.propose(
        world.lixia, organization=complaint.employer, kind=Listing.Kind.BLACKLIST, complaint=complaint
    )
    listings.notify(listing, world.lixia)
    Listing.objects.filter(pk=listing.pk).update(objection_deadline=timezone.localdate() - timedelta(days=1))
    listing.refresh_from_db()
    listings.decide(listing, world.lixia)
    assert listings.expire_listings(listing.expires_on - timedelta(days=1)) == 0
    assert listings.expire_listings(listing.expires_on) == 1
    listing.refresh_from_db()
    assert listing.status == "removed"


def test_key_attention_after_repeated_arrears(world, project):
    employer = project.subcontracts.first().subcontractor
    with pytest.raises(ValidationError):
        listings.propose(world.lixia, organization=employer, kind=Listing.Kind.ATTENTION)
    complain(world, project)
    complain(world, project, amount="3000.00")
    listing = listings.propose(world.lixia, organization=employer, kind=Listing.Kind.ATTENTION)
    listings.decide(listing, world.lixia)
    assert listing.status == "listed" and listing.expires_on > date.today()


def test_only_staff_of_the_region_propose(world, project):
    complaint = ignored_order(world, project, amount="20000.00", months=4)
    for user in (world.shizhong, world.hr_a, world.alice):
        with pytest.raises(PermissionDenied):
            listings.propose(user, organization=complaint.employer, kind=Listing.Kind.BLACKLIST, complaint=complaint)
    assert not Listing.objects.exists()
