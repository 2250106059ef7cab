"""Keep survey tokens out of the logs: Django logs the path of a 4xx/5xx request (django.request,
django.security.csrf) and the development server logs every request line (django.server). This
filter rewrites /s/<token>/ to /s/***/ in those records before any handler sees them."""

import logging
import re

TOKEN_PATH = re.compile(r"/s/[^/\s\"']+")
LOGGERS = ("django.request", "django.server", "django.security.csrf")


class RedactSurveyTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/s/" in message:
            record.msg, record.args = TOKEN_PATH.sub("/s/***", message), ()
        request = getattr(record, "request", None)
        if request is not None and getattr(request, "path", "").startswith("/s/"):
            record.request = None  # an error mail would otherwise repeat the path
        return True


def install() -> None:
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSurveyTokens) for f in logger.filters):
            logger.addFilter(RedactSurveyTokens())
