"""The `hexie` command: Hexie's management commands under short names.

hexie demo --scale S          生成演示数据
hexie serve [--host --port]   迁移数据库并启动服务
hexie import workers f.xlsx --user hr_a
hexie createuser lixia --role staff --org-uscc 11370102MB0000000X
hexie check --deploy
hexie <any manage.py command> …
"""

import os
import sys

from django.utils.translation import gettext_lazy as _

# hexie <name> → the management command it runs, and what it does.
COMMANDS = {
    "demo": ("demo", _("生成演示用的合成省份数据")),
    "serve": ("serve", _("应用数据库迁移后启动服务（默认 127.0.0.1:8000）")),
    "migrate": ("migrate", _("应用数据库迁移")),
    "import": ("import_data", _("从 .xlsx 或 .csv 导入组织或职工")),
    "createuser": ("createuser", _("创建用户及其所属组织和角色，或超级管理员")),
    "check": ("check", _("检查配置（生产环境加 --deploy）")),
    "jobs": ("jobs", _("查看、跟踪或续跑后台任务")),
    "daily": ("daily", _("运行每日任务（到期复核、到期测评）；无 Celery beat 时由 cron 每天调用")),
}


def usage() -> str:
    lines = [str(_("用法：hexie <命令> [参数]")), ""]
    lines += [f"  {name:<12}{text}" for name, (_command, text) in COMMANDS.items()]
    lines += [
        "",
        str(_("其他 Django 管理命令同样可用（hexie help --commands 列出全部）；hexie help <命令> 查看参数。")),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `hexie` console script (and of `python -m hexie.cli`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hexie.settings")
    import django
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else list(argv)
    if not args or args in (["help"], ["-h"], ["--help"]):
        django.setup()
        print(usage())
        return
    name, rest = args[0], args[1:]
    if name == "help" and rest:
        rest = [COMMANDS.get(rest[0], (rest[0],))[0], *rest[1:]]
    execute_from_command_line(["hexie", COMMANDS.get(name, (name,))[0], *rest])


if __name__ == "__main__":
    main()
