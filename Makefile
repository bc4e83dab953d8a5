# Walkout: `make run` to try it, `make test` for the whole suite (what CI runs),
# `make bench` for the benchmark (docs/performance.md).
export UV_PYTHON_DOWNLOADS ?= never
UV ?= uv
MANAGE = $(UV) run --frozen python manage.py

.PHONY: run test lint fmt sync audit bench bench-smoke

sync:
	$(UV) sync --frozen

run: sync
	DEBUG=$${DEBUG:-true} $(MANAGE) migrate --noinput
	DEBUG=$${DEBUG:-true} $(MANAGE) seed_demo
	DEBUG=$${DEBUG:-true} $(MANAGE) runserver 127.0.0.1:8000

test: sync lint
	$(UV) run --frozen pytest $(PYTEST_ARGS)

lint:
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	# On a database of its own: the one DATABASE_URL names may not exist yet (CI creates it).
	DEBUG=true DATABASE_URL=sqlite://:memory: $(MANAGE) makemigrations --check --dry-run

fmt:
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

# pip-audit on exactly the locked versions. The code's security rules are ruff's S rules (lint).
audit: sync
	@reqs=$$(mktemp) && trap 'rm -f "$$reqs"' EXIT && \
	  $(UV) export --frozen --no-hashes --no-emit-project --quiet -o "$$reqs" && \
	  $(UV) run --frozen python .ci/audit_deps.py "$$reqs"

# The benchmark on PostgreSQL (BENCH_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres):
# 10, 1,000 and 10,000 applications, budgets enforced. bench-smoke is CI's short run.
bench: sync
	$(UV) run --frozen python bench/run.py $(BENCH_ARGS)

bench-smoke: sync
	$(UV) run --frozen python bench/run.py --small $(BENCH_ARGS)
