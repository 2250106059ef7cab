"""The HTTP API: django-ninja at /api/, one router per app, OpenAPI docs at /api/docs.

Errors keep ninja's shapes: `{"detail": "..."}` for 401/403/404 and, for 422,
`{"detail": [{"type", "loc", "msg"}]}` with one entry per field and each message in Chinese and
English ("中文 / English"), whether pydantic rejected the input or a service did.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

from hexie.campaign.api import router as campaign_router
from hexie.contracts.api import router as contracts_router
from hexie.core.api import auth_methods
from hexie.core.api import router as core_router
from hexie.disputes.api import router as disputes_router
from hexie.surveys.api import router as surveys_router
from hexie.wages.api import router as wages_router

api = NinjaAPI(
    title="Hexie API",
    version="1",
    description=(
        "和谐劳动关系综合服务平台 API。Authenticate with `Authorization: Bearer <token>` "
        "(a personal token: `manage.py apitoken <username> --name <name>`) or a logged-in session."
    ),
    auth=auth_methods(),
    urls_namespace="api",
)
api.add_router("/", core_router)
api.add_router("/surveys/", surveys_router)
api.add_router("/campaign/", campaign_router)
api.add_router("/contracts/", contracts_router)
api.add_router("/disputes/", disputes_router)
api.add_router("/wages/", wages_router)

# Every operation names its JSON body `payload`; error locations leave that name out.
BODY = "payload"

# Chinese for pydantic's error types; the English is pydantic's own message.
INPUT_ERRORS_ZH = {
    "missing": _("必填项"),
    "string_type": _("应为字符串"),
    "string_too_short": _("内容太短"),
    "string_too_long": _("内容太长"),
    "string_pattern_mismatch": _("格式不正确"),
    "enum": _("不是允许的选项"),
    "literal_error": _("不是允许的选项"),
    "int_type": _("应为整数"),
    "int_parsing": _("应为整数"),
    "int_from_float": _("应为整数"),
    "greater_than_equal": _("数值太小"),
    "less_than_equal": _("数值太大"),
    "bool_type": _("应为布尔值"),
    "bool_parsing": _("应为布尔值"),
    "date_type": _("应为日期（YYYY-MM-DD）"),
    "date_parsing": _("应为日期（YYYY-MM-DD）"),
    "date_from_datetime_parsing": _("应为日期（YYYY-MM-DD）"),
    "date_from_datetime_inexact": _("应为日期（YYYY-MM-DD）"),
    "model_attributes_type": _("应为对象"),
    "dict_type": _("应为对象"),
    "json_invalid": _("请求体不是有效的 JSON"),
}

# English for Hexie's own validation errors when the English catalog (hexie/locale/en) has none.
SERVICE_ERRORS_EN = {
    "uscc_checksum": "USCC check character is wrong",
    "uscc_format": "USCC must be 18 characters of digits and capital letters",
    "uscc_required": "An enterprise must have a USCC",
    "unknown_region": "No such region code",
    "unknown_parent": "No such parent organization within your scope",
    "parent_self": "An organization cannot be its own parent",
    "null": "This field cannot be null",
    "unique": "This value is already registered",
}


def bilingual(zh: str, en: str) -> str:
    return zh if zh == en else f"{zh} / {en}"


def _input_error(error: dict) -> dict:
    with translation.override("zh-hans"):
        zh = str(INPUT_ERRORS_ZH.get(error["type"], _("输入无效")))
    loc = list(error["loc"])
    if loc[:2] == ["body", BODY]:
        del loc[1]  # ["body", "payload", "uscc"] -> ["body", "uscc"], as services report it
    return {**error, "loc": loc, "msg": bilingual(zh, error["msg"])}


def _english(message, params: dict, code: str | None) -> str:
    """The English of a message: a lazy one renders in English; an eager one was rendered in
    Chinese, which is its msgid, so the English catalog still finds it."""
    with translation.override("en"):
        template = translation.gettext(str(message))
        rendered = template % params if params else template
    if rendered == (str(message) % params if params else str(message)) and code in SERVICE_ERRORS_EN:
        return SERVICE_ERRORS_EN[code]  # no translation in the catalog
    return rendered


def _service_errors(exc: DjangoValidationError) -> list[dict]:
    fields = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
    errors = []
    for name, messages in fields.items():
        loc = ["body"] if name == NON_FIELD_ERRORS else ["body", name]
        for error in messages:
            params = error.params or {}
            with translation.override("zh-hans"):
                zh = str(error.message) % params if params else str(error.message)
            en = _english(error.message, params, error.code)
            errors.append({"type": error.code or "invalid", "loc": loc, "msg": bilingual(zh, en)})
    return errors


@api.exception_handler(ValidationError)
def input_invalid(request, exc: ValidationError):
    return api.create_response(request, {"detail": [_input_error(e) for e in exc.errors]}, status=422)


@api.exception_handler(DjangoValidationError)
def service_invalid(request, exc: DjangoValidationError):
    return api.create_response(request, {"detail": _service_errors(exc)}, status=422)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or str(_("无权执行此操作"))}, status=403)
