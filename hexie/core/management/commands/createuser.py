"""`hexie createuser <username> --role <role> (--org-uscc <code> | --org-name <name>)`, or
`hexie createuser <username> --superuser`: create a user and their membership in one step.

The password is asked twice at the terminal, or given with --password (it then stays in the
shell history: for scripts only). It must pass the password validators in settings.
"""

import sys
from getpass import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from hexie.core.codes import clean_uscc
from hexie.core.models import Membership, Organization, Role


class Command(BaseCommand):
    help = _("创建用户：某组织的成员（指定角色），或超级管理员")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=Role.values, help=_("在该组织中的角色"))
        org = parser.add_mutually_exclusive_group()
        org.add_argument("--org-uscc", help=_("所属组织的统一社会信用代码"))
        org.add_argument("--org-name", help=_("所属组织的全称"))
        parser.add_argument("--superuser", action="store_true", help=_("超级管理员（可查看全部数据）"))
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help=_("密码（会留在命令历史中，仅供脚本使用；不填则交互输入）"))

    def handle(self, *args, username, role, org_uscc, org_name, superuser, email, password, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(_("用户 %(username)s 已存在") % {"username": username})
        has_org = bool(org_uscc or org_name)
        if has_org != bool(role) or not (has_org or superuser):
            raise CommandError(_("请用 --org-uscc 或 --org-name 指定组织并用 --role 指定角色，或使用 --superuser"))
        organization = self.find_organization(org_uscc, org_name) if has_org else None
        user = User(username=username, email=email, is_superuser=superuser, is_staff=superuser)
        password = password if password is not None else self.ask_password()
        try:
            validate_password(password, user=user)
        except ValidationError as exc:
            raise CommandError(_("密码不符合要求：%(reasons)s") % {"reasons": "；".join(exc.messages)}) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            if organization is not None:
                Membership.objects.create(user=user, organization=organization, role=role)
        if organization is not None:
            self.stdout.write(
                _("已创建用户 %(username)s：%(org)s · %(role)s")
                % {"username": username, "org": organization.name, "role": Role(role).label}
            )
        if superuser:
            self.stdout.write(_("已创建超级管理员 %(username)s") % {"username": username})

    def find_organization(self, uscc: str | None, name: str | None) -> Organization:
        if uscc:
            try:
                code = clean_uscc(uscc)
            except ValidationError as exc:
                raise CommandError("；".join(exc.messages)) from None
            found = list(Organization.objects.filter(uscc=code))
        else:
            found = list(Organization.objects.filter(name=name)[:2])
        if not found:
            raise CommandError(_("找不到组织：%(org)s") % {"org": uscc or name})
        if len(found) > 1:
            raise CommandError(_("有多个组织名为“%(name)s”，请改用 --org-uscc") % {"name": name})
        return found[0]

    def ask_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError(_("非交互环境请用 --password 提供密码"))
        first = getpass(_("密码："))
        if first != getpass(_("再次输入密码：")):
            raise CommandError(_("两次输入的密码不一致"))
        return first
