"""Pluggable message senders, chosen by settings.SMS_SENDER (dotted path)."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("hexie.sms")


class ConsoleSmsSender:
    """Development sender: writes the message to the log and keeps it for tests."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, message: str) -> None:
        self.outbox.append((phone, message))
        logger.warning("SMS to %s: %s", phone, message)


def sms_sender():
    return import_string(settings.SMS_SENDER)()
