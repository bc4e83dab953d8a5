FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH"

RUN pip install --no-cache-dir uv \
    && useradd --create-home --uid 10001 walkout

WORKDIR /app
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
RUN DEBUG=true python manage.py collectstatic --noinput

USER walkout
EXPOSE 8000
CMD ["gunicorn", "walkout.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--graceful-timeout", "30", "--access-logfile", "-"]
