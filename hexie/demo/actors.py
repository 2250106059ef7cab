"""Who acts in the demo: the staff of each party's office and each unit's own HR, found among the
printed demo logins or created once (usernames starting with `STAFF_PREFIX`, deleted with the demo
province). Shared by the campaign and contracts demos so that both act as the same people."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from hexie.core.models import Membership, Organization, Person

Kind = Organization.Kind
STAFF_PREFIX = "demo-"


class Actors:
    def __init__(self):
        self.users: dict[tuple[str, str], object] = {}
        self.applicants: dict[int, object] = {}
        self.members: dict[tuple[int, str], list] = {}
        self.hashed = make_password(None)  # unusable: these accounts are not for logging in

    def _user(self, username: str, organization: Organization | None = None, role: str = ""):
        user = get_user_model().objects.create(username=username, password=self.hashed)
        if organization is not None:
            Membership.objects.create(user=user, organization=organization, role=role)
        return user

    def staff(self, region: str, kind: str = Kind.GOVERNMENT):
        """The staff user of one party's office of `region` (a printed demo login when there is one)."""
        key = (region, kind)
        if key not in self.users:
            office = Organization.objects.filter(region_id=region, kind=kind).order_by("id").first()
            member = Membership.objects.filter(organization=office, role="staff").select_related("user").first()
            self.users[key] = member.user if member else self._user(f"{STAFF_PREFIX}{kind}-{region}", office, "staff")
        return self.users[key]

    def applicant(self, organization: Organization):
        """The unit's own HR (an enterprise) or staff (a park or township office)."""
        if organization.pk not in self.applicants:
            member = (
                Membership.objects.filter(organization=organization, role__in=("hr", "legal_rep", "staff"))
                .select_related("user")
                .first()
            )
            role = "hr" if organization.kind == Kind.ENTERPRISE else "staff"
            self.applicants[organization.pk] = (
                member.user if member else self._user(f"{STAFF_PREFIX}hr-{organization.uscc}", organization, role)
            )
        return self.applicants[organization.pk]

    def member(self, organization: Organization, role: str, index: int = 0):
        """The `index`-th user holding `role` in `organization` (a printed demo login first, such as
        the mediator and arbitrator logins), the missing ones created once."""
        key = (organization.pk, role)
        if key not in self.members:
            self.members[key] = [
                m.user
                for m in Membership.objects.filter(organization=organization, role=role)
                .select_related("user")
                .order_by("user_id")
            ]
        users = self.members[key]
        while len(users) <= index:
            users.append(self._user(f"{STAFF_PREFIX}{role}-{organization.pk}-{len(users) + 1}", organization, role))
        return users[index]

    def worker(self, person: Person):
        """The worker's own account (the printed `worker` login, or one made for the demo)."""
        if person.user_id is None:
            person.user = self._user(f"{STAFF_PREFIX}worker-{person.pk}")
            person.save(update_fields=["user"])
        return person.user


def extra_users():
    """The accounts the demo modules add besides the printed logins (deleted with the demo province)."""
    return get_user_model().objects.filter(username__startswith=STAFF_PREFIX)
