"""Drag and drop on the board, in Chromium: a mouse at 1280 px, a finger at 390 px
(touch sent through the DevTools protocol, which Chromium turns into pointer events of
pointerType "touch"), and the keyboard's Move menu beside them."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from interviews.models import Application
from tests.browser import csp_errors, no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def re_word(name):
    """A class attribute holding this class among others."""
    return re.compile(rf"(^|\s){name}(\s|$)")


def shot(page, name):
    """A screenshot to look at, when SCREENSHOTS names a folder for them."""
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=str(Path(os.environ["SCREENSHOTS"]) / f"{name}.png"))


@pytest.fixture
def board_data(alice, make_application):
    northwind = make_application(alice, company="Northwind", role="Data Engineer")
    make_application(alice, company="Quarry", role="Manager", status="offer")
    make_application(alice, company="Copperline", role="Lead", status="rejected")
    return northwind


def center(locator):
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def count(page, column):
    return page.locator(f'[data-column="{column}"] [data-count]')


def mouse_drag(page, card, target, drop=True):
    """Press on the card's handle, move over `target` in steps, and let go (or not)."""
    x, y = center(card.locator("[data-drag-handle]"))
    page.mouse.move(x, y)
    page.mouse.down()
    tx, ty = center(target)
    page.mouse.move(tx, ty, steps=12)
    if drop:
        page.mouse.up()


class Finger:
    """One finger on the touch screen, through the DevTools protocol."""

    def __init__(self, page):
        self.cdp = page.context.new_cdp_session(page)
        self.x = self.y = 0

    def send(self, kind, points):
        self.cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    def down(self, locator):
        self.x, self.y = center(locator)
        self.send("touchStart", [{"x": self.x, "y": self.y}])

    def move(self, x, y, steps=10):
        x0, y0 = self.x, self.y
        for n in range(1, steps + 1):
            self.x, self.y = x0 + (x - x0) * n / steps, y0 + (y - y0) * n / steps
            self.send("touchMove", [{"x": self.x, "y": self.y}])

    def up(self):
        self.send("touchEnd", [])


def finger_drag(page, card, drop_on, drop=True):
    """Drag a card by its handle with a finger onto a column of the drop bar."""
    card.scroll_into_view_if_needed()
    finger = Finger(page)
    finger.down(card.locator("[data-drag-handle]"))
    finger.move(finger.x - 10, finger.y + 20, steps=4)  # the drag begins: the bar shows
    target = page.locator(f'.board-dropbar [data-drop="{drop_on}"]')
    expect(target).to_be_visible()
    finger.move(*center(target))
    if drop:
        finger.up()
    return finger


def test_drag_a_card_to_another_column_with_the_mouse(open_page, alice, board_data):
    page = open_page("desktop", user=alice)
    errors = csp_errors(page)
    page.goto("/board/")
    page.evaluate("window.stayedOnPage = true")
    card = page.locator(f"#card-{board_data.pk}")
    screening = page.locator('[data-column="screening"]')
    mouse_drag(page, card, screening, drop=False)
    # Mid-drag: the column under the pointer lights up, the card waits dimmed in its place.
    expect(screening).to_have_class(re_word("is-drop-target"))
    expect(card).to_have_class(re_word("is-drag-source"))
    expect(page.locator(".board-ghost")).to_contain_text("Northwind")
    # The copy is a list item out of its list: no bullet beside it.
    assert page.locator(".board-ghost").evaluate("e => getComputedStyle(e).listStyleType") == "none"
    expect(page.locator(".board-dropbar")).to_be_hidden()  # every column is in view
    shot(page, "drag-desktop-mid")
    page.mouse.up()
    expect(page.locator("#board-status")).to_have_text("Northwind moved to Screening.")
    expect(screening.locator(f"#card-{board_data.pk} [data-status-label]")).to_have_text(
        "Screening"
    )
    expect(count(page, "applied")).to_have_text("0")
    expect(count(page, "screening")).to_have_text("1")
    expect(page.locator(".board-ghost")).to_have_count(0)
    shot(page, "drag-desktop-after")
    board_data.refresh_from_db()
    assert board_data.status == "screening"
    assert list(board_data.status_changes.values_list("from_status", "to_status")) == [
        ("", "applied"),
        ("applied", "screening"),
    ]
    assert page.evaluate("window.stayedOnPage") is True, "the page reloaded"
    page.reload()
    expect(screening.locator(f"#card-{board_data.pk}")).to_be_visible()
    expect(count(page, "screening")).to_have_text("1")
    assert errors == []
    no_sideways_scroll(page)


def test_a_mouse_takes_the_card_anywhere_and_a_click_still_opens_it(open_page, alice, board_data):
    page = open_page("desktop", user=alice)
    page.goto("/board/")
    card = page.locator(f"#card-{board_data.pk}")
    title = card.locator(".title")
    x, y = center(title)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(*center(page.locator('[data-column="offer"]')), steps=12)
    expect(page.locator('[data-column="offer"]')).to_have_class(re_word("is-drop-target"))
    assert page.evaluate("String(window.getSelection())") == ""
    page.mouse.up()
    expect(page.locator("#board-status")).to_have_text("Northwind moved to Offer.")
    assert page.url.endswith("/board/"), "the drag opened the card's page"
    expect(count(page, "offer")).to_have_text("2")
    board_data.refresh_from_db()
    assert board_data.status == "offer"
    title.click()
    expect(page).to_have_url(re.compile(rf"/applications/{board_data.pk}/$"))


def test_dropping_on_its_own_column_or_nowhere_changes_nothing(open_page, alice, board_data):
    page = open_page("desktop", user=alice)
    page.goto("/board/")
    requests = []
    page.on("request", lambda r: requests.append(r.url) if r.method == "POST" else None)
    card = page.locator(f"#card-{board_data.pk}")
    card.locator("[data-drag-handle]").click()  # a click on the handle says what it is for
    expect(page.locator("#board-status")).to_have_text(
        "Drag the handle onto another column to move Northwind, or use its Move button."
    )
    mouse_drag(page, card, page.locator('[data-column="applied"] .board-heading'))
    mouse_drag(page, card, page.locator("h1"))
    page.keyboard.press("Escape")  # nothing to cancel: harmless
    expect(page.locator('[data-column="applied"]')).to_contain_text("Northwind")
    expect(count(page, "applied")).to_have_text("1")
    expect(page.locator(".is-drop-target, .board-ghost")).to_have_count(0)
    # Escape mid-drag cancels it.
    mouse_drag(page, card, page.locator('[data-column="offer"]'), drop=False)
    page.keyboard.press("Escape")
    page.mouse.up()
    expect(count(page, "offer")).to_have_text("1")
    assert requests == []
    board_data.refresh_from_db()
    assert board_data.status == "applied"
    assert board_data.status_changes.count() == 1


def test_dropping_on_closed_asks_which_closed_status(open_page, alice, board_data):
    page = open_page("desktop", user=alice)
    page.goto("/board/")
    card = page.locator(f"#card-{board_data.pk}")
    mouse_drag(page, card, page.locator('[data-column="closed"]'))
    dialog = page.get_by_role("dialog", name="Close Northwind — Data Engineer as")
    expect(dialog).to_be_visible()
    # Escape: nothing moves, nothing is asked of the server.
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(count(page, "closed")).to_have_text("1")
    mouse_drag(page, card, page.locator('[data-column="closed"]'))
    dialog.get_by_role("button", name="Withdrawn").click()
    expect(page.locator("#board-status")).to_have_text("Northwind moved to Withdrawn (in Closed).")
    closed = page.locator('[data-column="closed"]')
    expect(closed.locator("details")).to_have_attribute("open", "")
    expect(closed.locator(f"#card-{board_data.pk} [data-status-label]")).to_have_text("Withdrawn")
    expect(count(page, "closed")).to_have_text("2")
    expect(count(page, "applied")).to_have_text("0")
    breakdown = closed.locator("[data-breakdown]")
    expect(breakdown).to_have_text("Rejected 1 · Withdrawn 1")
    board_data.refresh_from_db()
    assert board_data.status == "withdrawn"
    assert board_data.status_changes.last().from_status == "applied"
    # Back out of Closed: its count of each closed status follows.
    mouse_drag(page, closed.locator(f"#card-{board_data.pk}"), page.locator("[data-column=offer]"))
    expect(page.locator("#board-status")).to_have_text("Northwind moved to Offer.")
    expect(breakdown).to_have_text("Rejected 1")
    page.reload()
    expect(breakdown).to_have_text("Rejected 1")


def test_drag_with_a_finger_on_a_phone(open_page, alice, board_data):
    page = open_page("phone", user=alice)
    errors = csp_errors(page)
    page.goto("/board/")
    card = page.locator(f"#card-{board_data.pk}")
    card.scroll_into_view_if_needed()
    top = page.evaluate("window.scrollY")
    finger = Finger(page)
    finger.down(card.locator("[data-drag-handle]"))
    finger.move(finger.x - 30, finger.y - 120)
    # The handle took the touch: the page did not scroll under the finger.
    assert page.evaluate("window.scrollY") == top
    target = page.locator('.board-dropbar [data-drop="interviewing"]')
    finger.move(*center(target))
    expect(page.locator('.board-dropbar [data-drop="interviewing"]')).to_have_class(
        re_word("is-drop-target")
    )
    expect(page.locator('.board-dropbar [data-drop="applied"]')).to_have_class(re_word("is-here"))
    shot(page, "drag-phone-mid")
    finger.up()
    expect(page.locator("#board-status")).to_have_text("Northwind moved to Interviewing.")
    expect(page.locator(".board-dropbar")).to_be_hidden()
    interviewing = page.locator('[data-column="interviewing"]')
    expect(interviewing.locator(f"#card-{board_data.pk}")).to_be_attached()
    expect(count(page, "interviewing")).to_have_text("1")
    expect(count(page, "applied")).to_have_text("0")
    shot(page, "drag-phone-after")
    board_data.refresh_from_db()
    assert board_data.status == "interviewing"
    assert board_data.status_changes.last().from_status == "applied"
    # To Closed, as "walked out", from the question the drop asks.
    finger_drag(page, interviewing.locator(f"#card-{board_data.pk}"), "closed")
    dialog = page.get_by_role("dialog", name="Close Northwind — Data Engineer as")
    expect(dialog).to_be_visible()
    shot(page, "drag-phone-closed")
    # A person reads the question first. (A tap within a moment of lifting the finger
    # from the drag makes no click in Chromium: it waits to see a double tap.)
    page.wait_for_timeout(600)
    dialog.get_by_role("button", name="Walked out").tap()
    expect(page.locator("#board-status")).to_have_text("Northwind moved to Walked out (in Closed).")
    expect(count(page, "closed")).to_have_text("2")
    expect(count(page, "interviewing")).to_have_text("0")
    board_data.refresh_from_db()
    assert board_data.status == "walked_out"
    page.reload()
    expect(count(page, "closed")).to_have_text("2")
    assert errors == []
    no_sideways_scroll(page)


def test_a_drag_near_the_foot_of_the_screen_scrolls_the_page(open_page, alice, board_data):
    page = open_page("phone", user=alice)
    page.goto("/board/")
    card = page.locator(f"#card-{board_data.pk}")
    finger = finger_drag(page, card, "offer", drop=False)
    bar = page.locator(".board-dropbar").bounding_box()
    finger.move(finger.x, bar["y"] - 10, steps=3)  # just above the bar
    for _ in range(50):  # (wait_for_function would need eval, which the CSP forbids)
        if page.evaluate("window.scrollY") > 200:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("window.scrollY") > 200
    finger.move(*center(page.locator('.board-dropbar [data-drop="offer"]')), steps=3)
    finger.up()
    expect(count(page, "offer")).to_have_text("2")


def test_a_refused_move_puts_the_card_back_and_says_why(open_page, alice, board_data):
    page = open_page("desktop", user=alice)
    page.goto("/board/")
    card = page.locator(f"#card-{board_data.pk}")
    # Deleted from another tab while the board was open: the server answers 404.
    Application.objects.filter(pk=board_data.pk).delete()
    mouse_drag(page, card, page.locator('[data-column="offer"]'))
    expect(page.locator("#board-status")).to_have_text(
        "Northwind is no longer in your applications (deleted elsewhere?); it was not moved. "
        "Reload the board."
    )
    expect(page.locator("#board-status")).to_have_class(re_word("alert-danger"))
    applied = page.locator('[data-column="applied"]')
    expect(applied.locator(f"#card-{board_data.pk} [data-status-label]")).to_have_text("Applied")
    expect(count(page, "applied")).to_have_text("1")
    expect(count(page, "offer")).to_have_text("1")
    shot(page, "drag-desktop-refused")
    # The message stays until dismissed.
    page.get_by_role("button", name="Dismiss the message").click()
    expect(page.locator("#board-status")).to_be_hidden()


def test_a_failed_move_to_folded_closed_folds_it_again(open_page, alice, board_data):
    page = open_page("desktop", user=alice)
    page.goto("/board/")
    page.route("**/move/", lambda route: route.abort())
    closed = page.locator('[data-column="closed"]')
    mouse_drag(page, page.locator(f"#card-{board_data.pk}"), closed)
    page.get_by_role("button", name="Rejected").click()
    expect(page.locator("#board-status")).to_have_text(
        "Could not reach Walkout; Northwind was not moved. Try again."
    )
    expect(page.locator('[data-column="applied"]')).to_contain_text("Northwind")
    expect(closed.locator("details")).not_to_have_attribute("open", "")
    expect(closed.locator("[data-cards]")).to_be_hidden()
    expect(closed.locator("[data-breakdown]")).to_have_text("Rejected 1")
    expect(count(page, "closed")).to_have_text("1")


@pytest.mark.parametrize("failure", ["network", "server error"])
def test_a_move_that_does_not_get_through_puts_the_card_back(open_page, alice, board_data, failure):
    page = open_page("phone", user=alice)
    page.goto("/board/")
    if failure == "network":
        page.route("**/move/", lambda route: route.abort())
        expected = "Could not reach Walkout; Northwind was not moved. Try again."
    else:
        page.route("**/move/", lambda route: route.fulfill(status=500, body="<h1>Error</h1>"))
        expected = "Walkout could not move Northwind just now. Try again."
    card = page.locator(f"#card-{board_data.pk}")
    finger_drag(page, card, "offer")
    expect(page.locator("#board-status")).to_have_text(expected)
    applied = page.locator('[data-column="applied"]')
    expect(applied.locator(f"#card-{board_data.pk} [data-status-label]")).to_have_text("Applied")
    expect(count(page, "applied")).to_have_text("1")
    expect(count(page, "offer")).to_have_text("1")
    expect(card).not_to_have_class(re_word("is-saving"))
    board_data.refresh_from_db()
    assert board_data.status == "applied"
    assert board_data.status_changes.count() == 1


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_escape_closes_the_move_menu_and_focus_returns_to_move(
    open_page, alice, board_data, screen
):
    page = open_page(screen, user=alice)
    page.goto("/board/")
    move = page.get_by_role("link", name="Move Northwind — Data Engineer")
    move.focus()
    page.keyboard.press("Enter")
    select = page.get_by_label("Move Northwind — Data Engineer to")
    expect(select).to_be_focused()
    page.keyboard.press("Escape")
    expect(select).to_have_count(0)
    expect(move).to_be_visible()
    expect(move).to_be_focused()
    # And from the menu's own button too.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(
        page.locator(f"#card-{board_data.pk}").get_by_role("button", name="Move")
    ).to_be_focused()
    page.keyboard.press("Escape")
    expect(move).to_be_focused()
    board_data.refresh_from_db()
    assert board_data.status == "applied"


def test_the_handles_are_not_there_without_javascript(open_page, alice, board_data):
    page = open_page("phone", user=alice, java_script_enabled=False)
    page.goto("/board/")
    expect(page.locator(f"#card-{board_data.pk}")).to_be_visible()
    expect(page.locator("[data-drag-handle], .board-dropbar")).to_have_count(0)
    expect(page.locator(".board-toast")).to_be_hidden()


def test_at_1280_px_every_card_fits_its_column(open_page, alice, make_application):
    """The longest status, "No response (ghosted)", made its card wider than Closed."""
    make_application(alice, company="Silent", role="Engineer", status="no_response")
    page = open_page("desktop", user=alice)
    page.goto("/board/?closed=1")
    column = page.locator('[data-column="closed"]').bounding_box()
    card = page.locator('[data-column="closed"] .board-card').bounding_box()
    assert card["x"] + card["width"] <= column["x"] + column["width"]
    no_sideways_scroll(page)


def test_the_move_menu_shows_its_status_whole_in_a_narrow_column(open_page, alice, board_data):
    """At 1,280 px a column is narrow: the menu's button goes under the status, which the
    trial saw cut to "Appl"."""
    page = open_page("desktop", user=alice)
    page.goto("/board/")
    page.get_by_role("link", name="Move Northwind — Data Engineer").click()
    select = page.get_by_label("Move Northwind — Data Engineer to")
    text_width = select.evaluate(
        "s => { const c = document.createElement('canvas').getContext('2d');"
        " c.font = getComputedStyle(s).font;"
        " return c.measureText(s.options[s.selectedIndex].text).width; }"
    )
    box = select.bounding_box()
    # Room for the chosen status, beside Bootstrap's arrow and padding (about 3.5 rem).
    assert box["width"] - 56 >= text_width
    no_sideways_scroll(page)
