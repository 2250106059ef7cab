"""`hexie serve [--host 127.0.0.1] [--port 8000]`: apply migrations, then serve Hexie.

For one machine (a developer, a demo, a small office): Django's server with jobs in threads, or
on Celery workers when CELERY_BROKER_URL is set. A large deployment runs gunicorn instead.
"""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("应用数据库迁移后启动服务（默认 127.0.0.1:8000）")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help=_("监听地址，默认 127.0.0.1（仅本机可访问）"))
        parser.add_argument("--port", type=int, default=8000, help=_("端口，默认 8000"))
        parser.add_argument("--noreload", action="store_true", help=_("代码修改后不自动重启"))
        parser.add_argument("--no-migrate", action="store_true", help=_("启动前不应用数据库迁移"))

    def handle(self, *args, host, port, noreload, no_migrate, **options):
        # The autoreloader runs this command again in a child (RUN_MAIN set): migrate only once.
        if not no_migrate and not os.environ.get("RUN_MAIN"):
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
        ipv6 = ":" in host
        address = f"[{host}]:{port}" if ipv6 else f"{host}:{port}"
        call_command("runserver", address, use_ipv6=ipv6, use_reloader=not noreload)
