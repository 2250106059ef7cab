"""The HTTP API: django-ninja at /api/, one router per app, OpenAPI docs at /api/docs."""

from ninja import NinjaAPI

from hexie.core.api import auth_methods, router as core_router

api = NinjaAPI(
    title="Hexie API",
    version="1",
    description="和谐劳动关系综合服务平台 API。Authenticate with `Authorization: Bearer <token>` (a personal API token) or a logged-in session.",
    auth=auth_methods(),
    urls_namespace="api",
)
api.add_router("/", core_router)
