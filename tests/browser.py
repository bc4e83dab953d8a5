"""Helpers shared by the Chromium tests (tests/test_browser_*.py)."""

import time

from interviews.models import ChecklistAnswer


def wait_until(page, expression, seconds=10):
    """Evaluate `expression` (a promise is awaited) until it is truthy, or fail. Not
    page.wait_for_function: it does not await an async predicate, whose promise counts as
    true at once, so such a wait checks nothing."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still not true after {seconds} s: {expression}"
        page.wait_for_timeout(100)


def csp_errors(page):
    """The page's Content-Security-Policy console errors, collected as they come."""
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} scrolls sideways: {width} px"


def tap(page, dealbreaker, value):
    """Tap an answer on the checklist, as a finger does (the label is the target)."""
    page.locator(f'label[for="a-{dealbreaker.pk}-{value}"]').tap()


def stored(interview):
    """{dealbreaker id: answer} of the interview's mid-interview answers in the database."""
    return dict(
        ChecklistAnswer.objects.filter(interview=interview, phase="mid").values_list(
            "dealbreaker_id", "answer"
        )
    )
