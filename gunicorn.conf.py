"""gunicorn settings for every deployment: `gunicorn walkout.wsgi` reads this file from the
working directory (the Docker image's /app). Command-line options override it."""

import os

# A container must listen on every interface; docker-compose.yml publishes the port on
# 127.0.0.1 only, for the TLS proxy in front.
bind = ["0.0.0.0:8000"]
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# A request still running after this many seconds has its worker killed and replaced.
timeout = 30
# On SIGTERM each worker finishes the requests it has for up to this long. The compose
# file's stop_grace_period must be longer, or Docker kills them mid-request
# (tests/test_deployment.py checks the two agree).
graceful_timeout = 30
keepalive = 5
# Worker heartbeats in memory, not on the container's read-only disk. gunicorn makes them
# with mkstemp (unique names, mode 0600), so a shared directory is safe (ruff S108, B108).
SHARED_MEMORY = "/dev/shm"  # noqa: S108
if os.path.isdir(SHARED_MEMORY):
    worker_tmp_dir = SHARED_MEMORY
# gunicorn 27's control socket is a file under $HOME: local state that two instances on one
# machine would share, and that a read-only container cannot create.
control_socket_disable = True
# walkout.middleware logs one line per request (method, path without the query string,
# status, duration); gunicorn's access log would repeat it with the query and referrer,
# which can carry tokens. Errors and worker events still go to the error log.
accesslog = None
errorlog = "-"
