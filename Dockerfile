# Walkout's production image: the locked dependencies, static files collected at build,
# gunicorn (settings in gunicorn.conf.py) running as an unprivileged user.

FROM python:3.13-slim AS build
ENV UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy
RUN pip install --no-cache-dir "uv==0.13.9"
WORKDIR /app
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# With DEBUG off, so the production storage writes the hashed, compressed files and the
# manifest the app reads at run time. The key and host are placeholders for this step only.
RUN SECRET_KEY=collectstatic-only-not-a-secret ALLOWED_HOSTS=localhost \
    /opt/venv/bin/python manage.py collectstatic --noinput \
    && /opt/venv/bin/python -m compileall -q accounts interviews walkout

FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin walkout
# Uploaded documents (docker-compose mounts the `media` volume here): the app's user alone
# reads and writes them. A new named volume takes this folder's owner and mode.
ENV MEDIA_ROOT=/var/lib/walkout/media
RUN mkdir -p /var/lib/walkout/media \
    && chown walkout:walkout /var/lib/walkout/media \
    && chmod 700 /var/lib/walkout/media
WORKDIR /app
# Owned by root and read-only to the app: a compromised worker cannot change the code.
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
USER walkout
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=5)"]
CMD ["gunicorn", "walkout.wsgi"]
