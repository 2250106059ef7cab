"""What the disputes API's parts share: a JSON body read after the object was found (so a case
outside the caller's scope is a 404 before a bad body is a 422), and its OpenAPI description."""

from ninja import Schema
from ninja.errors import ValidationError
from pydantic import ValidationError as PydanticValidationError


def body(request, schema: type[Schema]):
    """The request's JSON body as `schema`; a bad one is a 422 with each error's place in the body."""
    try:
        return schema.model_validate_json(request.body or b"{}")
    except PydanticValidationError as exc:
        raise ValidationError(
            [
                {"type": e["type"], "loc": ("body", *e["loc"]), "msg": e["msg"]}
                for e in exc.errors(include_url=False, include_context=False, include_input=False)
            ]
        ) from exc


def json_body(schema: type[Schema]) -> dict:
    """`openapi_extra` describing a required JSON body of `schema` (the operation reads it itself)."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema.model_json_schema()}}}}
