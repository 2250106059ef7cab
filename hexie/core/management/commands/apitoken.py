"""`manage.py apitoken <username> --name <name> [--expires YYYY-MM-DD]`: issue a personal API token.

The token is printed once and never stored: only its sha256 is kept, so a lost token is replaced,
not recovered.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hexie.core.models import ApiToken


class Command(BaseCommand):
    help = _("为用户签发个人 API 令牌（只显示一次）")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help=_("令牌名称，例如用途"))
        parser.add_argument("--expires", type=date.fromisoformat, help=_("过期日期（YYYY-MM-DD），不填则长期有效"))

    def handle(self, *args, username, name, expires, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("用户 %(username)s 不存在或已停用") % {"username": username})
        row, token = ApiToken.issue(user, name, expires=expires)
        self.stderr.write(
            _("已为 %(username)s 签发令牌“%(name)s”（%(prefix)s…）。请立即保存，令牌不会再次显示：")
            % {
                "username": username,
                "name": name,
                "prefix": row.prefix,
            }
        )
        self.stdout.write(token)
