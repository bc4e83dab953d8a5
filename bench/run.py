"""Walkout's benchmark: real data sizes, first visits measured side by side, budgets enforced.

    make bench          # 10, 1,000 and 10,000 applications (about 13 minutes)
    make bench-smoke    # 10 and 1,000, a few requests each: proves it works (CI)

On PostgreSQL and gunicorn (4 workers) on 127.0.0.1, with the benchmark's settings
(bench/settings.py: production's, DEBUG off, collected static files served by
whitenoise, plus the floor views; Walkout caches no page, so every request is a first
visit). For each size it creates a database (walkout_bench_<pid>_<size>),
seeds one user (bench/seed.py) and starts a server on it; then it counts each page's
queries and times it in one process (bench/queries.py), weighs the mid checklist and Today
in Chromium (a new browser context: cold, then warm), measures latency and throughput with
wrk at a fixed concurrency, in rounds that visit every page of every size in a shuffled
order, so the pages compared share the same machine noise, and times a few whole
downloads of each export (bench/pages.py lists the pages and exports). It prints a
table, writes bench/results/latest.json, and exits 1 when an enforced budget fails (2
when the run itself failed). The databases are dropped and the servers stopped however it
ends.

docs/performance.md explains the method and the budgets.
"""

import argparse
import gzip
import json
import math
import os
import platform
import random
import re
import runpy
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import FLOORS, exports, pages  # noqa: E402
from tests.machine import CHROMIUM, CHROMIUM_ARGS, NoFreePorts, free_ports  # noqa: E402

LUA = ROOT / "bench" / "load.lua"
RESULTS = ROOT / "bench" / "results"
PORTS = range(8400, 8500)  # this project's benchmark servers on a shared machine
WORKERS = 4
ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# A request still running after this long has its worker killed: an export must finish
# well within it.
GUNICORN_TIMEOUT = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["timeout"]

MODES = {
    # sizes, rounds, seconds per page per round, seconds of warm-up per page, timed
    # downloads of each export per size
    "full": {"sizes": (10, 1_000, 10_000), "rounds": 8, "seconds": 2, "warmup": 1, "downloads": 3},
    "small": {"sizes": (10, 1_000), "rounds": 2, "seconds": 1, "warmup": 1, "downloads": 2},
}
CONCURRENCY = 4  # connections kept busy at once: one per worker

# The budgets (issue 14), all on first visits. Sizes in bytes: 1 KB = 1,000 bytes.
MAX_QUERIES = {"today": 10, "checklist": 8, "answer_save": 7, "stats": 10}
MAX_GROWTH = 1.3  # median at the largest size over the median at the size before it
MAX_OVER_FLOOR = 6.0  # every page's median over the floor view's, at the largest size
MAX_OVER_WRITE_FLOOR = {"answer_save": 3.0}
MAX_BYTES = {
    ("checklist", "cold"): 60_000,
    ("checklist", "warm"): 10_000,
    ("today", "cold"): 80_000,
}
MIN_EXPORT_RATE = {"csv": 2_000, "json": 2_000}  # applications per second, at the largest size


class BenchFailed(Exception):
    """The run could not measure (not a budget failing)."""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="CI mode: 10 and 1,000, briefly")
    parser.add_argument("--rounds", type=int, help="rounds of every page (default by mode)")
    parser.add_argument("--seconds", type=int, help="seconds per page per round")
    parser.add_argument(
        "--sizes",
        type=sizes_list,
        help="comma-separated applications per database, at least two (default by mode)",
    )
    parser.add_argument(
        "--out", type=Path, default=RESULTS / "latest.json", help="where to write the JSON"
    )
    parser.add_argument(
        "--report",
        type=Path,
        metavar="JSON",
        help="print the report of a saved run instead of running (docs/performance.md)",
    )
    parser.add_argument("--markdown", action="store_true", help="with --report: as Markdown")
    args = parser.parse_args()
    if args.report:
        results = json.loads(args.report.read_text())
        print_report(results, results["budgets"], markdown=args.markdown)
        return 0
    mode = dict(MODES["small" if args.small else "full"])
    mode["name"] = "small" if args.small else "full"
    if args.rounds:
        mode["rounds"] = args.rounds
    if args.seconds:
        mode["seconds"] = args.seconds  # wrk takes whole seconds
    if args.sizes:
        mode["sizes"] = args.sizes
    check_tools()

    # SIGTERM (CI's time-out, a stopped job) unwinds like Ctrl-C: servers stop, databases go.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    with Bench(mode) as bench:
        results = bench.run()
    results["seconds"] = round(time.monotonic() - started)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")  # kept if judging fails
    budgets = judge(results, mode)
    results["budgets"] = budgets
    print_report(results, budgets)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    failed = [b for b in budgets if b["enforced"] and not b["passed"]]
    if failed:
        print(f"{len(failed)} budget(s) failed.")
        return 1
    print(f"Every enforced budget passed ({results['seconds']} s).")
    return 0


def sizes_list(text):
    sizes = sorted({int(size) for size in text.replace("_", "").split(",")})
    if len(sizes) < 2 or sizes[0] < 1:
        # A growth ratio needs two sizes; every page needs its fixtures (bench/seed.py).
        raise argparse.ArgumentTypeError("at least two sizes, each at least 1")
    return tuple(sizes)


def check_tools():
    missing = [tool for tool in ("wrk",) if shutil.which(tool) is None]
    if not Path(CHROMIUM).exists():
        missing.append(CHROMIUM)
    if missing:
        raise SystemExit(
            f"bench: missing {', '.join(missing)} (Debian: apt-get install wrk chromium)"
        )


class Bench:
    """The run's resources: databases, collected static files, servers. Released on exit."""

    def __init__(self, mode):
        self.mode = mode
        self.pid = os.getpid()
        self.tmp = Path(tempfile.mkdtemp(prefix="walkout-bench-"))
        self.databases = []
        self.servers = {}  # size -> Server
        self.secret = secrets.token_urlsafe(50)
        self.started = time.monotonic()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for server in self.servers.values():
            server.stop()
        with admin() as connection:
            for name in self.databases:
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
        shutil.rmtree(self.tmp, ignore_errors=True)
        return False

    def env(self, database=None):
        """The production environment, as an operator's .env gives it, for 127.0.0.1, read
        by the benchmark's settings (production's with the floor views)."""
        drop = {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "EMAIL_HOST"}
        env = {k: v for k, v in os.environ.items() if k not in drop}
        env.update(
            DJANGO_SETTINGS_MODULE="bench.settings",
            DEBUG="false",
            SECRET_KEY=self.secret,
            ALLOWED_HOSTS="127.0.0.1",
            STATIC_ROOT=str(self.tmp / "static"),
            LOG_LEVEL="INFO",
            WEB_CONCURRENCY=str(WORKERS),
            PYTHONDONTWRITEBYTECODE="1",
        )
        if database:
            env["DATABASE_URL"] = database_url(database)
        return env

    def run(self):
        sizes = self.mode["sizes"]
        self.note(f"{self.mode['name']} run: sizes {', '.join(f'{s:,}' for s in sizes)}")
        template = self.create_database("template")
        self.manage(template, "migrate", "--noinput")
        self.manage(template, "collectstatic", "--noinput")
        names = {size: self.create_database(str(size), template=template) for size in sizes}
        self.drop_database(template)

        self.note("seeding")
        seeds = self.seed(names)
        # Fresh statistics, as autovacuum would have them on a database that grew slowly.
        for name in names.values():
            with psycopg.connect(database_url(name), autocommit=True) as connection:
                connection.execute("VACUUM ANALYZE")

        self.note("counting queries")
        queries = {size: self.count_queries(names[size], seeds[size]) for size in sizes}

        self.note(f"starting gunicorn ({WORKERS} workers) per size")
        try:
            ports = free_ports(len(sizes), PORTS)
        except NoFreePorts as error:
            raise BenchFailed(str(error)) from error
        for size, port in zip(sizes, ports, strict=True):
            self.servers[size] = Server(port, self.env(names[size]), self.tmp / f"gunicorn-{size}")
        for server in self.servers.values():
            server.wait_until_healthy()
        targets = {size: self.prepare(size, seeds[size]) for size in sizes}
        # Each export answers, at the smallest size (quick): a wrong address fails now, not
        # after the latency rounds.
        for export in exports(seeds[sizes[0]]):
            download(self.servers[sizes[0]], seeds[sizes[0]], export)

        self.note("weighing pages in Chromium")
        weights = {size: weigh(self.servers[size], seeds[size]) for size in sizes}

        self.note(
            f"latency: {self.mode['rounds']} rounds × {len(sizes) * len(targets[sizes[0]])} "
            f"runs of {self.mode['seconds']} s, {CONCURRENCY} connections"
        )
        load = measure(targets, self.mode)

        self.note(f"exports: {self.mode['downloads']} whole downloads of each, one at a time")
        downloads = {
            size: download_exports(self.servers[size], seeds[size], self.mode["downloads"])
            for size in sizes
        }
        return {
            "mode": self.mode["name"],
            "settings": {
                "sizes": list(sizes),
                "rounds": self.mode["rounds"],
                "seconds_per_run": self.mode["seconds"],
                "concurrency": CONCURRENCY,
                "workers": WORKERS,
                "downloads": self.mode["downloads"],
                "gunicorn_timeout_s": GUNICORN_TIMEOUT,
            },
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": git_commit(),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "postgresql": server_version(),
                "load_average_at_end": list(os.getloadavg()),
            },
            "pages": [{"name": p.name, "label": p.label} for p in pages(seeds[sizes[0]])],
            "exports": [{"name": e.name, "label": e.label} for e in exports(seeds[sizes[0]])],
            "seeded": {str(size): seeds[size]["rows"] for size in sizes},
            "queries": {str(size): queries[size] for size in sizes},
            "bytes": {str(size): weights[size] for size in sizes},
            "latency": load,
            "downloads": {str(size): downloads[size] for size in sizes},
        }

    def note(self, text):
        print(f"bench [{time.monotonic() - self.started:4.0f} s]: {text}", flush=True)

    def create_database(self, suffix, template=None):
        name = f"walkout_bench_{self.pid}_{suffix}"
        with admin() as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            self.databases.append(name)
            statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if template:
                statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
            connection.execute(statement)
        return name

    def drop_database(self, name):
        with admin() as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        self.databases.remove(name)

    def manage(self, database, *args):
        self.python(database, "manage.py", *args)

    def python(self, database, *args):
        result = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env(database),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BenchFailed(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def seed(self, names):
        """Seed every database at once (two cores: the small ones finish meanwhile)."""
        running = {
            size: subprocess.Popen(
                [sys.executable, "-m", "bench.seed", str(size)],
                cwd=ROOT,
                env=self.env(name),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for size, name in names.items()
        }
        seeds = {}
        for size, process in running.items():
            out, err = process.communicate()
            if process.returncode != 0:
                raise BenchFailed(f"seeding {size} failed:\n{out}{err}")
            seeds[size] = json.loads(out.strip().splitlines()[-1])
            rows = seeds[size]["rows"]
            self.note(
                f"  {size:>6,}: {rows['interviews']:,} interviews, {rows['answers']:,} answers, "
                f"{rows['decisions']:,} decisions ({rows['walk_outs']:,} walk-outs), "
                f"{rows['status_changes']:,} moves, {rows['contacts']:,} contacts"
            )
        return seeds

    def count_queries(self, database, seed):
        path = self.tmp / f"seed-{seed['size']}.json"
        path.write_text(json.dumps(seed))
        # The app logs each request on stdout too: the result is the last line.
        out = self.python(database, "-m", "bench.queries", str(path))
        counts = json.loads(out.strip().splitlines()[-1])
        for name, result in counts.items():
            if result["status"] != 200:
                raise BenchFailed(f"{name} answered {result['status']} to the test client")
        return counts

    def prepare(self, size, seed):
        """Check every page answers 200 as the logged-in user; the answer save's CSRF."""
        server = self.servers[size]
        cookie = f"sessionid={seed['session']}"
        targets = []
        for page in pages(seed):
            target = {"page": page.name, "size": size, "url": server.url + page.path}
            headers = {"Cookie": cookie}
            if page.method == "POST":
                status, response_headers, body = server.get(page.path, headers)
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1]
                set_cookies = " ".join(response_headers.get_all("Set-Cookie") or [])
                csrf = re.search(r"csrftoken=([^;]+)", set_cookies)
                if not csrf:
                    raise BenchFailed("the checklist set no CSRF cookie")
                cookie_csrf = f"{cookie}; csrftoken={csrf[1]}"
                target.update(
                    cookie=cookie_csrf,
                    csrf=token,
                    answers=",".join(map(str, page.answers)),
                    origin=server.origin,
                )
                fields = {"csrfmiddlewaretoken": token, **page.form(0)}
                headers = {
                    "Cookie": cookie_csrf,
                    "Accept": "application/json",
                    "Origin": server.origin,
                }
                status, _, body = server.post(page.path, fields, headers)
            else:
                target["cookie"] = cookie
                status, _, body = server.get(page.path, headers)
            if status != 200 or page.marker not in body:
                raise BenchFailed(
                    f"{page.method} {page.path} on the {size:,} server answered {status}"
                    f" without {page.marker!r}:\n{body[:500]}"
                )
            targets.append(target)
        return targets


def admin():
    return psycopg.connect(ADMIN_URL, autocommit=True)


def database_url(name):
    parts = urlsplit(ADMIN_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


def server_version():
    with admin() as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def git_commit():
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Server:
    """gunicorn with the project's gunicorn.conf.py, on 127.0.0.1:port."""

    opener = urllib.request.build_opener(NoRedirects)

    def __init__(self, port, env, log_path):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        # What the browser sees behind the TLS proxy: Django builds this from the Host and
        # X-Forwarded-Proto headers, and checks a POST's Origin against it.
        self.origin = f"https://127.0.0.1:{port}"
        self.log_path = log_path
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "walkout.wsgi", "--config", "gunicorn.conf.py"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_healthy(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchFailed(f"gunicorn on {self.port} exited:\n{self.tail()}")
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchFailed(f"gunicorn on {self.port} did not answer /healthz:\n{self.tail()}")

    def request(self, path, data=None, headers=None):
        """(status, headers, body as bytes) of one request, as the TLS proxy passes it on."""
        body = None if data is None else urlencode(data).encode()
        # Only http://127.0.0.1:<port> of a server this run started (ruff S310).
        request = urllib.request.Request(self.url + path, data=body)  # noqa: S310
        request.add_header("X-Forwarded-Proto", "https")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            # Past gunicorn's own time-out the worker is gone: the answer will not come.
            response = self.opener.open(request, timeout=GUNICORN_TIMEOUT + 10)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            return response.status, response.headers, response.read()

    def get(self, path, headers=None):
        status, headers, body = self.request(path, headers=headers)
        return status, headers, body.decode()

    def post(self, path, data, headers=None):
        status, headers, body = self.request(path, data, headers)
        return status, headers, body.decode()

    def tail(self, lines=40):
        self.log.flush()
        return "\n".join(self.log_path.read_text().splitlines()[-lines:])

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# Bytes transferred, in Chromium


def weigh(server, seed):
    """Bytes each page costs a phone: cold (empty cache), then warm (a second visit)."""
    from playwright.sync_api import sync_playwright

    wanted = {p.name: p for p in pages(seed)}
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name in ("checklist", "today"):
                context = browser.new_context(
                    base_url=server.url,
                    viewport={"width": 390, "height": 844},
                    is_mobile=True,
                    has_touch=True,
                    # As the TLS proxy in front passes requests on.
                    extra_http_headers={"X-Forwarded-Proto": "https"},
                )
                context.add_cookies(
                    [{"name": "sessionid", "value": seed["session"], "url": server.url}]
                )
                results[name] = {
                    visit: transferred(context, wanted[name]) for visit in ("cold", "warm")
                }
                context.close()
        finally:
            browser.close()
    return results


def transferred(context, page_spec):
    """Load a page in a new tab; the bytes received for it and everything it loaded, as
    DevTools counts them (headers and encoded bodies; nothing for a cache hit)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    requests, done = {}, {}
    cdp.on(
        "Network.responseReceived",
        lambda event: requests.__setitem__(
            event["requestId"],
            {
                "path": urlsplit(event["response"]["url"]).path,
                "status": event["response"]["status"],
            },
        ),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda event: done.__setitem__(event["requestId"], int(event["encodedDataLength"])),
    )
    response = page.goto(page_spec.path, wait_until="networkidle")
    if response.status != 200 or page_spec.marker not in page.content():
        raise BenchFailed(f"Chromium got {response.status} for {page_spec.path}")
    page.close()
    resources = [
        {**requests.get(request_id, {"path": "?", "status": None}), "bytes": size}
        for request_id, size in done.items()
    ]
    return {"bytes": sum(r["bytes"] for r in resources), "resources": resources}


# Exports: whole downloads


def download(server, seed, export):
    """One whole download of an export, as a browser (or a calendar app) fetches it:
    compressed when it says it accepts that. (seconds until the last byte, bytes received),
    with None for the bytes when gunicorn killed the worker at its time-out: a budget
    failing, not the run."""
    headers = {"Accept-Encoding": "gzip"}
    if export.logged_in:
        headers["Cookie"] = f"sessionid={seed['session']}"
    start = time.perf_counter()
    status, response_headers, body = server.request(export.path, headers=headers)
    seconds = time.perf_counter() - start
    if status != 200 and seconds >= GUNICORN_TIMEOUT:
        return seconds, None
    text = gzip.decompress(body) if response_headers.get("Content-Encoding") == "gzip" else body
    text = text.decode("utf-8-sig")
    if status != 200 or export.marker not in text:
        raise BenchFailed(
            f"GET {export.path} on the {seed['size']:,} server answered {status}"
            f" without {export.marker!r}:\n{text[:500]}"
        )
    return seconds, len(body)


def download_exports(server, seed, times):
    """Each export downloaded `times` times, one download at a time: the seconds of each,
    and the applications exported per second (over the median download)."""
    applications = seed["rows"]["applications"]
    results = {}
    for export in exports(seed):
        measured = []
        for _ in range(times):
            measured.append(download(server, seed, export))
            if measured[-1][1] is None:
                break  # the next ones would time out too, each as long
        seconds = [round(s, 3) for s, _ in measured]
        median = statistics.median(seconds)
        results[export.name] = {
            "seconds": seconds,
            "median_s": median,
            "bytes": measured[-1][1],
            "timed_out": measured[-1][1] is None,
            "applications": applications,
            "applications_per_s": applications / median,
        }
    return results


# Latency and throughput, with wrk


def measure(targets, mode):
    """Each round visits every page in a shuffled order, and each page at every size back
    to back (the sizes shuffled too), so a ratio between two sizes of a page compares
    measurements seconds apart. wrk's results are pooled over the rounds."""
    by_page = {}
    for size, size_targets in targets.items():
        for target in size_targets:
            by_page.setdefault(target["page"], {})[size] = target
    for page in by_page.values():  # each worker's first requests pay for imports
        for target in page.values():
            wrk(target, mode["warmup"])
    rng = random.Random(0)  # an order, not a secret
    collected = {(size, page): [] for page, sizes in by_page.items() for size in sizes}
    for round_number in range(mode["rounds"]):
        pages = list(by_page)
        rng.shuffle(pages)
        for page in pages:
            sizes = list(by_page[page])
            rng.shuffle(sizes)
            for size in sizes:
                collected[(size, page)].append(wrk(by_page[page][size], mode["seconds"]))
        print(f"bench:   round {round_number + 1}/{mode['rounds']} done", flush=True)
    results = {}
    for (size, page), measured in collected.items():
        requests = sum(m["requests"] for m in measured)
        results.setdefault(str(size), {})[page] = {
            "median_ms": pooled_quantile(measured, 0.50) / 1000,
            "p95_ms": pooled_quantile(measured, 0.95) / 1000,
            "throughput_rps": requests / (sum(m["duration_us"] for m in measured) / 1e6),
            "requests": requests,
            "not_200": sum(m["not_200"] for m in measured),
            "socket_errors": sum(sum(m["errors"].values()) for m in measured),
            # None: no request finished within the run, so the round has no median.
            "round_medians_ms": [
                m["quantiles_us"][99] / 1000 if m["requests"] else None for m in measured
            ],
        }
    return results


def ratio(latency, a, b):
    """Median over the rounds of one round's median for `a` over its median for `b`, each a
    (size, page): slow changes in the machine's load cancel within a round. NaN (which
    passes no budget) when no round measured both."""
    rounds_a = latency[str(a[0])][a[1]]["round_medians_ms"]
    rounds_b = latency[str(b[0])][b[1]]["round_medians_ms"]
    ratios = [x / y for x, y in zip(rounds_a, rounds_b, strict=True) if x and y]
    return statistics.median(ratios) if ratios else math.nan


def wrk(target, seconds):
    env = {
        **os.environ,
        "BENCH_PATH": urlsplit(target["url"]).path,
        "BENCH_COOKIE": target["cookie"],
    }
    if "csrf" in target:
        env.update(
            BENCH_CSRF=target["csrf"], BENCH_ANSWER=target["answers"], BENCH_ORIGIN=target["origin"]
        )
    result = subprocess.run(
        ["wrk", "--threads", "1", "--connections", str(CONCURRENCY)]
        + ["--duration", f"{seconds}s", "--timeout", "10s", "--script", str(LUA), target["url"]],
        env=env,
        capture_output=True,
        text=True,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise BenchFailed(f"wrk failed on {target['url']}:\n{result.stdout}{result.stderr}")
    return json.loads(lines[-1])


def pooled_quantile(measured, q):
    """A quantile of all runs' requests together: each run's 199 quantiles stand for its
    requests in equal shares."""
    points = sorted(
        (value, m["requests"] / len(m["quantiles_us"]))
        for m in measured
        for value in m["quantiles_us"]
    )
    total = sum(weight for _, weight in points)
    seen = 0.0
    for value, weight in points:
        seen += weight
        if seen >= q * total:
            return value
    return points[-1][0]


# Budgets


def judge(results, mode):
    """Each budget: what was measured, the limit, passed, and whether it is enforced.

    Query counts and bytes do not depend on the machine's load: always enforced, and so is
    a budgeted export finishing within gunicorn's time-out (past it, the worker is killed).
    Latency ratios and export rates are enforced in the full run; the small run has too
    few requests for a ratio to mean anything, and its largest size is not the budgets',
    so it reports them."""
    sizes = results["settings"]["sizes"]
    previous, largest = str(sizes[-2]), str(sizes[-1])
    full = mode["name"] == "full"
    timed_note = "" if full else "reported: too few requests for a ratio"
    budgets = []

    def add(name, measured, limit, passed, enforced=True, note=""):
        budgets.append(
            {
                "budget": name,
                "measured": measured,
                "limit": limit,
                "passed": bool(passed),
                "enforced": enforced,
                "note": note,
            }
        )

    labels = {p["name"]: p["label"] for p in results["pages"]}
    for page, label in labels.items():
        counts = [results["queries"][str(size)][page]["queries"] for size in sizes]
        limit = MAX_QUERIES.get(page)
        constant = len(set(counts)) == 1
        add(
            f"{label}: queries constant in data size" + (f", at most {limit}" if limit else ""),
            " / ".join(map(str, counts)),
            f"≤ {limit}" if limit else "equal",
            constant and (limit is None or max(counts) <= limit),
        )
    latency = results["latency"]
    for page, label in labels.items():
        growth = ratio(latency, (largest, page), (previous, page))
        add(
            f"{label}: median at {int(largest):,} ÷ at {int(previous):,}",
            round(growth, 2),
            f"≤ {MAX_GROWTH}",
            growth <= MAX_GROWTH,
            enforced=full,
            note=timed_note,
        )
    for page, label in labels.items():
        if page in FLOORS:
            continue
        over = ratio(latency, (largest, page), (largest, "floor"))
        add(
            f"{label}: median ÷ floor view's, at {int(largest):,}",
            round(over, 2),
            f"≤ {MAX_OVER_FLOOR}",
            over <= MAX_OVER_FLOOR,
            enforced=full,
            note=timed_note,
        )
    for page, limit in MAX_OVER_WRITE_FLOOR.items():
        over = ratio(latency, (largest, page), (largest, "write_floor"))
        add(
            f"{labels[page]}: median ÷ write floor's, at {int(largest):,}",
            round(over, 2),
            f"≤ {limit}",
            over <= limit,
            enforced=full,
            note=timed_note,
        )
    over = ratio(latency, (largest, "write_floor"), (largest, "floor"))
    add(
        f"write floor: median ÷ floor view's, at {int(largest):,}",
        round(over, 2),
        "",
        True,
        enforced=False,
        note="reported: what a durable write and its CSRF check cost",
    )
    for (page, visit), limit in MAX_BYTES.items():
        measured = max(results["bytes"][str(size)][page][visit]["bytes"] for size in sizes)
        add(
            f"{labels[page]}: bytes transferred, {visit}",
            measured,
            f"≤ {limit:,}",
            measured <= limit,
        )
    downloads = results["downloads"]
    export_labels = {e["name"]: e["label"] for e in results["exports"]}
    for name, label in export_labels.items():
        # A download gunicorn killed has no rate: it never finished.
        timed_out = downloads[largest][name]["timed_out"]
        rate = 0 if timed_out else downloads[largest][name]["applications_per_s"]
        limit = MIN_EXPORT_RATE.get(name)
        if limit is None:
            enforced, note = False, "reported"
        else:
            enforced, note = full, "" if full else "reported: the budget is at 10,000"
        add(
            f"{label}: applications per second, at {int(largest):,}",
            round(rate),
            f"≥ {limit:,}" if limit else "",
            limit is None or rate >= limit,
            enforced=enforced,
            note=note,
        )
    timeout = results["settings"]["gunicorn_timeout_s"]
    for name, label in export_labels.items():
        slowest = max(max(downloads[str(size)][name]["seconds"]) for size in sizes)
        timed_out = any(downloads[str(size)][name]["timed_out"] for size in sizes)
        budgeted = name in MIN_EXPORT_RATE
        add(
            f"{label}: every download within gunicorn's time-out",
            "timed out" if timed_out else f"{slowest:.2f} s",
            f"< {timeout} s",
            not timed_out and slowest < timeout,
            enforced=budgeted,
            note="" if budgeted else "reported: issue 14 budgets the CSV and JSON exports",
        )
    bad = sum(
        latency[str(s)][p]["not_200"] + latency[str(s)][p]["socket_errors"]
        for s in sizes
        for p in labels
    )
    add("every measured request answered 200", bad, "0 others", bad == 0)
    return budgets


def print_report(results, budgets, markdown=False):
    sizes = results["settings"]["sizes"]
    labels = {p["name"]: p["label"] for p in results["pages"]}
    latency = results["latency"]
    s = results["settings"]
    print(
        f"\nWalkout benchmark ({results['mode']}): {s['workers']} gunicorn workers, "
        f"{s['concurrency']} connections, {s['rounds']} rounds × {s['seconds_per_run']} s "
        f"per page, commit {results['commit']}, {results['seconds']} s in all\n"
        "\nFirst visits (nothing cached), with wrk\n"
    )
    previous, largest = str(sizes[-2]), str(sizes[-1])
    header = ["page", "queries"]
    for size in sizes:
        header += [f"median ms @{size:,}", f"p95 ms @{size:,}", f"req/s @{size:,}"]
    header += [f"@{int(largest):,} ÷ @{int(previous):,}", "÷ floor"]
    rows = [header]
    for page, label in labels.items():
        counts = [str(results["queries"][str(size)][page]["queries"]) for size in sizes]
        row = [label, "/".join(counts) if len(set(counts)) > 1 else counts[0]]
        for size in sizes:
            m = latency[str(size)][page]
            row += [f"{m['median_ms']:.1f}", f"{m['p95_ms']:.1f}", f"{m['throughput_rps']:.0f}"]
        growth = ratio(latency, (largest, page), (previous, page))
        row += [f"{growth:.2f}", f"{ratio(latency, (largest, page), (largest, 'floor')):.2f}"]
        rows.append(row)
    print_table(rows, markdown)

    print(
        "\nQueries of one request (session and user included), and milliseconds in one"
        " process (test client, median of 15, no concurrency)\n"
    )
    rows = [
        ["page", *[f"queries @{size:,}" for size in sizes], *[f"ms @{size:,}" for size in sizes]]
    ]
    for page, label in labels.items():
        q = [results["queries"][str(size)][page] for size in sizes]
        rows.append([label] + [str(c["queries"]) for c in q] + [f"{c['ms']:.1f}" for c in q])
    print_table(rows, markdown)

    print("\nBytes transferred in Chromium (headers and encoded bodies; cold: a new context)\n")
    rows = [["page", *[f"{visit} @{size:,}" for size in sizes for visit in ("cold", "warm")]]]
    for page in ("checklist", "today"):
        rows.append(
            [labels[page]]
            + [
                f"{results['bytes'][str(size)][page][visit]['bytes']:,}"
                for size in sizes
                for visit in ("cold", "warm")
            ]
        )
    print_table(rows, markdown)

    print(
        f"\nExports: {s['downloads']} whole downloads each, one at a time (gzip);"
        " median seconds, applications per second, KB received\n"
    )
    rows = [
        ["export"]
        + [f"{what} @{size:,}" for size in sizes for what in ("s", "applications/s", "KB")]
    ]
    for export in results["exports"]:
        row = [export["label"]]
        for size in sizes:
            d = results["downloads"][str(size)][export["name"]]
            if d["timed_out"]:
                row += [f"> {results['settings']['gunicorn_timeout_s']}", "timed out", "—"]
                continue
            row += [
                f"{d['median_s']:.2f}",
                f"{d['applications_per_s']:,.0f}",
                f"{d['bytes'] / 1000:,.0f}",
            ]
        rows.append(row)
    print_table(rows, markdown)

    print("\nBudgets\n")
    rows = [["", "budget", "measured", "limit"]]
    for b in budgets:
        verdict = ("PASS" if b["passed"] else "FAIL") if b["enforced"] else "report"
        rows.append(
            [
                verdict,
                b["budget"],
                str(b["measured"]),
                b["limit"] + (f"  ({b['note']})" if b["note"] else ""),
            ]
        )
    print_table(rows, markdown)


def print_table(rows, markdown=False):
    if markdown:
        print("| " + " | ".join(rows[0]) + " |")
        text = {"", "page", "export", "budget"}
        print("|" + "|".join("---" if name in text else "--:" for name in rows[0]) + "|")
        for row in rows[1:]:
            print("| " + " | ".join(str(cell) for cell in row) + " |")
        return
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print(
            "  ".join(
                str(cell).ljust(width) if i == 0 or not n else str(cell).rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchFailed as failure:
        print(f"bench: the run failed: {failure}", file=sys.stderr)
        sys.exit(2)
