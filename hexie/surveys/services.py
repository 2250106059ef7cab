"""The only code that changes survey data: one action per function, one transaction each.

Answering (`submit_response`) is the one action without a user: the token is the permission. It
spends the token and stores the answers in one transaction and writes nothing else — no audit
entry, no timeline entry, no log line — so that nothing ties the answers to the token or a time.
"""

import secrets
from datetime import date
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hexie.core.models import Organization
from hexie.core.scoping import membership_scopes, roles_on, scope_q

from . import rules
from .models import MANAGERS, Response, Survey, Token, normalize_token, token_digest

TOKEN_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I: read off paper without doubt
TOKEN_LENGTH = 10  # 50 bits
MAX_BATCH = 1000
MAX_TOKENS = 5000


def may_manage(user, obj) -> bool:
    """Staff whose scope covers the enterprise, or the enterprise's own HR or legal representative
    (`obj` a survey, or an enterprise to open one for)."""
    if isinstance(obj, Organization):
        return manageable_enterprises(user).filter(pk=obj.pk).exists()
    return bool(roles_on(user, obj) & MANAGERS)


def manageable_enterprises(user):
    """The enterprises `user` may open a survey for: those within a membership that manages
    (a tripartite office's region, or the user's own enterprise — not a service role's area)."""
    parts = [scope_q(Organization, s) for s in membership_scopes(user) if s.roles & MANAGERS and not s.service_regions]
    parts = [q for q in parts if q is not None]
    enterprises = Organization.objects.filter(kind=Organization.Kind.ENTERPRISE)
    return enterprises.filter(reduce(or_, parts)) if parts else enterprises.none()


def create_survey(user, *, enterprise: Organization, opens_on: date, closes_on: date, planned_tokens: int, title=""):
    if enterprise.kind != Organization.Kind.ENTERPRISE:
        raise ValidationError({"enterprise": [ValidationError(_("只能为企业发起满意度测评"), code="not_enterprise")]})
    if not may_manage(user, enterprise):
        raise PermissionDenied(_("您无权为该企业发起满意度测评"))
    if not title:
        with translation.override("zh-hans"):  # stored: the same title whichever language opened it
            title = _("%(name)s%(year)s年职工满意度测评") % {"name": enterprise.name, "year": opens_on.year}
    survey = Survey(
        enterprise=enterprise,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        planned_tokens=planned_tokens,
        created_by=user,
    )
    errors = {}
    if closes_on < opens_on:
        errors["closes_on"] = [ValidationError(_("截止日期不能早于开始日期"), code="closes_before_opening")]
    try:
        survey.full_clean(exclude=["closes_on"] if errors else None)
    except ValidationError as exc:
        errors = {**exc.error_dict, **errors}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        survey.save()
    return survey


def move_survey(user, survey: Survey, action: str) -> Survey:
    """Open or close a survey through its workflow (roles checked there)."""
    if action not in Survey.workflow.by_action:
        raise ValidationError(_("未知操作"), code="unknown_action")
    Survey.workflow.apply(survey, action, user)
    return survey


def issue_tokens(user, survey: Survey, count: int) -> list[str]:
    """A batch of new one-time tokens. Only their keyed hashes are kept: the returned codes are
    shown once (the QR sheet) and cannot be recovered later."""
    if not may_manage(user, survey):
        raise PermissionDenied(_("您无权为该测评发放测评码"))
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(_("测评已结束，不能再发放测评码"), code="closed")
    if not 1 <= count <= MAX_BATCH:
        raise ValidationError(_("每批可生成 1 至 %(max)s 个测评码") % {"max": MAX_BATCH}, code="batch_size")
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()  # one batch at a time per survey
        issued = survey.tokens.count()
        if issued + count > MAX_TOKENS:
            raise ValidationError(
                _("每项测评最多 %(max)s 个测评码，已生成 %(issued)s 个") % {"max": MAX_TOKENS, "issued": issued},
                code="too_many",
            )
        while True:
            codes = ["".join(secrets.choice(TOKEN_ALPHABET) for _i in range(TOKEN_LENGTH)) for _j in range(count)]
            try:
                with transaction.atomic():
                    Token.objects.bulk_create(Token(survey=survey, digest=token_digest(code)) for code in codes)
                return codes
            except IntegrityError:  # a collision in 2**50: draw the batch again
                continue


def valid_unused_tokens(survey: Survey, codes: list[str]) -> list[str]:
    """Those of `codes` that are unused tokens of `survey` (for the .xlsx of a batch just shown)."""
    digests = {token_digest(code): normalize_token(code) for code in codes if normalize_token(code)}
    found = set(Token.objects.filter(survey=survey, used=False, digest__in=digests).values_list("digest", flat=True))
    return [code for digest, code in digests.items() if digest in found]


def _refusal(token: Token | None) -> str | None:
    if token is None:
        return _("测评码无效，请核对后重新扫码或输入。")
    if token.used:
        return _("该测评码已经使用过，每个测评码只能提交一次。")
    return survey_refusal(token.survey)


def token_state(raw: str) -> tuple[Survey | None, str | None]:
    """(the survey a token opens, None) or (the survey or None, the Chinese reason it cannot)."""
    token = Token.objects.select_related("survey__enterprise").filter(digest=token_digest(raw)).first()
    return (token.survey if token else None), _refusal(token)


def survey_refusal(survey: Survey, today=None) -> str | None:
    today = today or timezone.localdate()
    if survey.status == Survey.Status.DRAFT or (survey.status == Survey.Status.OPEN and today < survey.opens_on):
        return _("测评尚未开始，开始日期为 %(date)s。") % {"date": survey.opens_on.isoformat()}
    if survey.status == Survey.Status.CLOSED or today > survey.closes_on:
        return _("测评已经结束，感谢您的关注。")
    return None


def submit_response(raw: str, scores: dict, suggestion: str = "") -> None:
    """Spend the token and store the answers, anonymously, in one transaction; refuse (and change
    nothing) when the token is unknown or spent or the survey is not open."""
    errors = {}
    for key in rules.DIMENSION_KEYS:
        value = scores.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            errors[key] = [ValidationError(_("请选择 1 至 5 分"), code="score")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        token = Token.objects.select_for_update().select_related("survey").filter(digest=token_digest(raw)).first()
        refusal = _refusal(token)
        if refusal is None and Token.objects.filter(pk=token.pk, used=False).update(used=True) != 1:
            refusal = _("该测评码已经使用过，每个测评码只能提交一次。")  # spent by a request racing this one
        if refusal:
            raise ValidationError(refusal, code="token")
        Response.objects.create(
            survey=token.survey,
            survey_date=token.survey.opens_on,
            suggestion=rules.clean_suggestion(suggestion),
            **{key: scores[key] for key in rules.DIMENSION_KEYS},
        )
