"""The `hexie` command: createuser, check, migrate, jobs, serve, and the deploy check in production."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from hexie.cli import main
from hexie.core.models import Job, Membership, Organization
from hexie.core.scoping import scoped

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "泉城-Hexie-2026-secure"


@pytest.fixture(autouse=True)
def keep_test_connection(monkeypatch):
    """main() closes the database connections when its command ends, as manage.py does; inside
    a test's transaction that would end the test, so here the connections stay open."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def fails(argv, capsys) -> str:
    """Run `hexie argv`, expect it to exit with an error, and return what it wrote to stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code not in (0, None)
    return capsys.readouterr().err


def test_createuser_makes_a_staff_member_of_the_office_named_by_uscc(world, capsys):
    main(
        [
            "createuser",
            "lixia2",
            "--role",
            "staff",
            "--org-uscc",
            world.lixia_office.uscc,
            "--password",
            PASSWORD,
        ]
    )

    user = get_user_model().objects.get(username="lixia2")
    assert user.check_password(PASSWORD) and not user.is_superuser
    assert list(user.memberships.values_list("organization", "role")) == [(world.lixia_office.pk, "staff")]
    assert set(scoped(Organization.objects.filter(kind="enterprise"), user)) == {world.enterprise_a}
    assert "济南市历下区人力资源和社会保障局" in capsys.readouterr().out


def test_createuser_by_organization_name_with_a_prompted_password(world, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("hexie.core.management.commands.createuser.getpass", lambda prompt: PASSWORD)

    main(["createuser", "hr_a2", "--role", "hr", "--org-name", "济南泉城机械有限公司"])

    user = get_user_model().objects.get(username="hr_a2")
    assert user.check_password(PASSWORD)
    assert Membership.objects.get(user=user).organization == world.enterprise_a


def test_createuser_superuser(world):
    main(["createuser", "root2", "--superuser", "--password", PASSWORD])

    user = get_user_model().objects.get(username="root2")
    assert user.is_superuser and user.is_staff and not user.memberships.exists()
    assert scoped(Organization.objects.all(), user).count() == Organization.objects.count()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["createuser", "hr_a", "--superuser"], "已存在"),
        (["createuser", "x1", "--role", "hr"], "--org-uscc"),
        (["createuser", "x1", "--org-name", "济南泉城机械有限公司"], "--role"),
        (["createuser", "x1"], "--superuser"),
        (["createuser", "x1", "--role", "hr", "--org-name", "不存在的公司"], "找不到组织"),
        (["createuser", "x1", "--role", "hr", "--org-uscc", "91370102MA3C0000X1"], "统一社会信用代码"),
        (["createuser", "x1", "--superuser", "--password", "12345678"], "密码不符合要求"),
    ],
)
def test_createuser_refuses_and_creates_nothing(world, capsys, argv, message):
    users = get_user_model().objects.count()

    assert message in fails(argv, capsys)
    assert get_user_model().objects.count() == users


def test_createuser_without_a_terminal_needs_the_password_option(world, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)

    assert "--password" in fails(["createuser", "x1", "--superuser"], capsys)


@pytest.mark.django_db
def test_check_passes(capsys):
    main(["check"])

    assert "System check identified no issues" in capsys.readouterr().out


@pytest.mark.django_db
def test_migrate_has_nothing_left_to_apply(capsys):
    main(["migrate", "--check"])  # exits 1 when a migration is unapplied
    main(["migrate", "--plan"])

    assert "No planned migration operations" in capsys.readouterr().out


@pytest.mark.django_db
def test_other_manage_commands_pass_through(capsys):
    main(["showmigrations", "core"])

    assert "[X] 0001_initial" in capsys.readouterr().out


def test_usage_lists_the_commands(capsys):
    main([])

    out = capsys.readouterr().out
    assert all(name in out for name in ("demo", "serve", "migrate", "import", "createuser", "check", "jobs"))


def test_help_of_an_alias_shows_the_command_it_runs(capsys):
    with pytest.raises(SystemExit):
        main(["import", "--help"])

    assert "--user" in capsys.readouterr().out  # import_data's arguments


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_jobs_resume_reruns_a_job_its_server_left_unfinished(world, capsys):
    hours_ago = timezone.now() - timedelta(hours=2)
    job = Job.objects.create(
        kind="core.recount_headcount",
        status=Job.Status.RUNNING,
        attempts=1,
        started_at=hours_ago,
        created_by=world.hr_a,
    )
    fresh = Job.objects.create(kind="core.recount_headcount", created_by=world.hr_b)  # just queued: left alone

    main(["jobs"])
    listed = capsys.readouterr().out
    main(["jobs", "--resume"])

    job.refresh_from_db()
    fresh.refresh_from_db()
    assert str(job.pk) in listed and str(fresh.pk) in listed
    assert job.status == Job.Status.DONE and job.attempts == 2
    assert Organization.objects.get(pk=world.enterprise_a.pk).headcount == 2
    assert fresh.status == Job.Status.QUEUED
    assert f"任务 {job.pk} 已完成" in capsys.readouterr().out


def production_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEXIE_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "hexie.settings",
            "HEXIE_DEBUG": "0",
            "HEXIE_SECRET_KEY": secrets.token_urlsafe(50),
            "HEXIE_ALLOWED_HOSTS": "hexie.example.gov.cn",
            "HEXIE_VAR_DIR": str(tmp_path),
            **extra,
        }
    )
    return env


def deploy_check(command: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *command, "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("command", [["manage.py"], ["-m", "hexie.cli"]])
def test_deploy_check_passes_with_production_settings(tmp_path, command):
    done = deploy_check(command, production_env(tmp_path))

    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)" in done.stdout
    assert "WARNING" not in done.stdout + done.stderr


def test_deploy_check_warns_when_debug_is_left_on(tmp_path):
    done = deploy_check(["manage.py"], production_env(tmp_path, HEXIE_DEBUG="1"))

    assert done.returncode != 0
    assert "security.W018" in done.stderr  # DEBUG in deployment


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_migrates_a_fresh_database_then_answers(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEXIE_") and k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="hexie.settings", HEXIE_VAR_DIR=str(tmp_path))
    server = subprocess.Popen(
        [sys.executable, "-m", "hexie.cli", "serve", "--port", str(port), "--noreload"],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        status = None
        for _attempt in range(600):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as response:
                    status = response.status
                break
            except urllib.error.HTTPError as exc:
                status = exc.code
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode(errors="replace")
                time.sleep(0.1)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode(errors="replace")

    assert status is not None and status < 500, output
    assert (tmp_path / "hexie.sqlite3").exists()
    assert "Applying core.0001_initial" in output
