"""A real SMTP server on 127.0.0.1 (aiosmtpd, in a thread) that keeps what it receives."""

import asyncio
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from tests.machine import free_port


class Inbox:
    """aiosmtpd's handler: each message accepted, parsed; addresses in `refuse` get a 550.
    `delay` seconds before accepting each message, so that senders overlap."""

    def __init__(self, delay=0):
        self.messages = []
        self.refuse = set()
        self.delay = delay
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]


class SMTPServer:
    def __init__(self, delay=0, port=None):
        self.inbox = Inbox(delay)
        self.port = port or free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self.inbox

    def __exit__(self, *exc):
        self.controller.stop()


def mailers_for(port):
    """MAILERS sending to 127.0.0.1:`port` by plain SMTP."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
