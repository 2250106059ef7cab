"""The Celery app. Workers start with `celery -A hexie worker`; without CELERY_BROKER_URL no
worker is needed, jobs run in-process (see hexie.core.jobs).

Settings come from Django's (CELERY_*): late acknowledgement, one message per worker process at
a time, and the queue named by HEXIE_JOB_QUEUE. On Redis a message whose worker died unacked
comes back after HEXIE_JOB_VISIBILITY_TIMEOUT seconds, which must exceed the longest job.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hexie.settings")

app = Celery("hexie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _sweep_unacked_within_visibility_timeout(sender: Celery, **kwargs) -> None:
    """Redis returns a dead worker's messages in a periodic sweep, by default every 100 s
    (10 s × every 10th pass); sweep at least once per half visibility timeout instead, so that
    a killed worker's job is redelivered soon after its timeout, not minutes later."""
    options = dict(sender.conf.broker_transport_options or {})
    timeout = int(options.get("visibility_timeout", 3600))
    options.setdefault("unacked_restore_interval", max(1, min(10, timeout // 2)))
    options.setdefault("unacked_restore_throttle", 1)
    sender.conf.broker_transport_options = options
