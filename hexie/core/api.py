"""Core API: regions, organizations, people, employments, jobs. Every query goes through `scoped`."""

from django.utils import timezone
from ninja import Router
from ninja.security import HttpBearer, django_auth

from .models import ApiToken


class TokenAuth(HttpBearer):
    """`Authorization: Bearer hx_…`: a personal token, matched by its sha256."""

    def authenticate(self, request, token: str):
        found = ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(token)).first()
        if found is None or not found.user.is_active:
            return None
        if found.expires and found.expires < timezone.localdate():
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
        request.user = found.user
        return found.user


def auth_methods():
    return [TokenAuth(), django_auth]


router = Router(tags=["core"])
