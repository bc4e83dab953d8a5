"""What the tests and the benchmark (bench/run.py) both need from the machine they run on:
Chromium and how to start it, and free ports for servers of their own.

Plain Python, no Django: bench/run.py imports it outside any Django process.
"""

import os
import socket

# Debian's Chromium, since Playwright cannot download its own here.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class NoFreePorts(RuntimeError):
    """Every port in the range asked for is taken."""


def free_port():
    """A port nothing listens on now, on 127.0.0.1, chosen by the system."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_ports(count, ports):
    """`count` ports of the range `ports` that nothing listens on now, on 127.0.0.1.

    Each caller keeps to its own range: other projects' servers share the machine."""
    found = []
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise NoFreePorts(f"fewer than {count} free ports in {ports.start}-{ports.stop - 1}")
