"""The Celery app. Workers start with `celery -A hexie worker`; without CELERY_BROKER_URL no
worker is needed, jobs run in-process (see hexie.core.jobs)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hexie.settings")

app = Celery("hexie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
