"""The deployment files agree with each other and with the app (no Docker engine needed:
CI also runs `docker-compose config -q` on them)."""

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
WEB, DB = COMPOSE["services"]["web"], COMPOSE["services"]["db"]
REMINDERS = COMPOSE["services"]["reminders"]
GUNICORN = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def seconds(duration):
    number, unit = re.fullmatch(r"(\d+)(s|m)", duration).groups()
    return int(number) * (60 if unit == "m" else 1)


def test_docker_waits_longer_than_gunicorns_graceful_stop():
    assert seconds(WEB["stop_grace_period"]) > GUNICORN["graceful_timeout"]


def test_web_waits_for_a_healthy_database():
    assert WEB["depends_on"]["db"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(DB["healthcheck"]["test"])
    assert DB["volumes"] == ["pgdata:/var/lib/postgresql/data"]
    assert "pgdata" in COMPOSE["volumes"]
    assert "ports" not in DB


def test_web_is_checked_on_healthz():
    assert "http://127.0.0.1:8000/healthz" in " ".join(WEB["healthcheck"]["test"])
    assert "/healthz" in DOCKERFILE


def test_web_migrates_then_hands_over_to_gunicorn():
    assert WEB["command"][-1] == "python manage.py migrate --noinput && exec gunicorn walkout.wsgi"


def test_a_reminders_service_runs_the_sender_every_minute_on_the_web_image():
    assert REMINDERS["image"] == WEB["image"] and REMINDERS["build"] == WEB["build"]
    assert REMINDERS["environment"] == WEB["environment"]
    assert REMINDERS["env_file"] == WEB["env_file"]
    assert REMINDERS["command"][-1] == (
        "while :; do python manage.py send_reminders; sleep 60; done"
    )
    # After web has migrated; no published port, nothing written, no /healthz to ask.
    assert REMINDERS["depends_on"]["web"]["condition"] == "service_healthy"
    assert "ports" not in REMINDERS
    assert REMINDERS["read_only"] is True and REMINDERS["cap_drop"] == ["ALL"]
    assert REMINDERS["healthcheck"] == {"disable": True}
    assert REMINDERS["init"] is True


def test_web_is_published_on_loopback_only():
    assert all(port.startswith("127.0.0.1:") for port in WEB["ports"])


def test_web_writes_nothing_to_its_disk():
    assert WEB["read_only"] is True
    assert WEB["cap_drop"] == ["ALL"]
    assert GUNICORN["control_socket_disable"] is True
    assert GUNICORN["accesslog"] is None  # the middleware logs requests, without queries


def test_image_runs_as_an_unprivileged_user_with_the_locked_dependencies():
    assert DOCKERFILE.startswith("#") and "FROM python:3.13-slim" in DOCKERFILE
    assert "uv sync --frozen --no-dev" in DOCKERFILE
    assert re.search(r"^USER walkout$", DOCKERFILE, re.M)
    assert DOCKERFILE.index("USER walkout") < DOCKERFILE.index('CMD ["gunicorn"')


def test_image_collects_static_files_with_debug_off():
    """DEBUG on would use the plain storage: no manifest, and every page failing at run time."""
    code = "\n".join(line for line in DOCKERFILE.splitlines() if not line.startswith("#"))
    instructions = code.replace("\\\n", " ").splitlines()
    [collect] = [line for line in instructions if "collectstatic" in line]
    assert collect.startswith("RUN ") and "DEBUG" not in collect


def test_gunicorn_config_loads(tmp_path):
    env = {**os.environ, "DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "walkout.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def variables_read_by_the_app():
    settings = (ROOT / "walkout" / "settings.py").read_text()
    names = set(re.findall(r'\benv(?:_bool|_list)?\(\s*"([A-Z_]+)"', settings))
    names |= set(
        re.findall(r'os\.environ\.get\("([A-Z_]+)"', (ROOT / "gunicorn.conf.py").read_text())
    )
    assert {"SECRET_KEY", "DATABASE_URL", "TRUSTED_PROXY_COUNT", "WEB_CONCURRENCY"} <= names
    return sorted(names)


@pytest.mark.parametrize("name", variables_read_by_the_app())
def test_every_variable_is_documented(name):
    assert re.search(rf"^#?\s*{name}=", (ROOT / ".env.example").read_text(), re.M), name
    assert f"`{name}`" in (ROOT / "README.md").read_text(), name


def test_uploaded_documents_live_in_a_volume_only_the_app_user_writes():
    media_root = re.search(r"^ENV MEDIA_ROOT=(\S+)$", DOCKERFILE, re.M)[1]
    assert f"media:{media_root}" in WEB["volumes"]
    assert "media" in COMPOSE["volumes"]
    assert f"chown walkout:walkout {media_root}" in DOCKERFILE
    assert f"chmod 700 {media_root}" in DOCKERFILE
    # The reminders only send e-mail: they never read a document.
    assert "volumes" not in REMINDERS
