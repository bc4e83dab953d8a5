// Board: move a card without reloading the page. "Move" opens the page's one move form
// (a <template>) inside the card; Escape closes it. Without JavaScript the link leads to
// the same form on a page of its own. The server answers JSON only when asked for it.
// js/board-drag.js moves cards by dragging, through window.walkoutBoard.move.
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  if (!board || !window.fetch || !window.FormData) return;
  var live = document.getElementById("board-status");
  var template = document.getElementById("move-form");
  var CLOSED = ["accepted", "rejected", "withdrawn", "no_response", "walked_out"];
  var labels = {};  // status → its label, from the move form's options
  Array.prototype.forEach.call(template.content.querySelectorAll("option"), function (option) {
    labels[option.value] = option.textContent;
  });
  var clearTimer = null;

  // The message shows at the foot of the window, wherever the board is scrolled; a success
  // goes after a while, a failure stays until dismissed or the next move.
  function announce(text, failed) {
    window.clearTimeout(clearTimer);
    live.textContent = "";
    live.className = "board-status alert " + (failed ? "alert-danger" : "alert-success");
    // Cleared then set, so screen readers repeat an identical message.
    window.setTimeout(function () { live.textContent = text; }, 50);
    if (!failed) clearTimer = window.setTimeout(function () { live.textContent = ""; }, 8000);
  }

  function column(key) {
    return board.querySelector('[data-column="' + key + '"]');
  }

  function columnOf(status) {
    return CLOSED.indexOf(status) >= 0 ? "closed" : status;
  }

  function bump(section, delta) {
    var count = section.querySelector("[data-count]");
    count.textContent = String(Number(count.textContent) + delta);
  }

  function name(card) {
    return card.querySelector(".title").textContent;
  }

  // The Closed column's count of each closed status, one card more (1) or fewer (-1).
  function tally(status, delta) {
    var line = column("closed").querySelector("[data-breakdown]");
    if (!line || CLOSED.indexOf(status) < 0) return;
    var counts = {};
    line.querySelectorAll("[data-label]").forEach(function (item) {
      counts[item.getAttribute("data-label")] = Number(item.getAttribute("data-n"));
    });
    counts[labels[status]] = (counts[labels[status]] || 0) + delta;
    line.textContent = "";
    CLOSED.forEach(function (closed) {
      var n = counts[labels[closed]];
      if (!n) return;
      if (line.firstChild) line.append(" · ");
      var item = document.createElement("span");
      item.setAttribute("data-label", labels[closed]);
      item.setAttribute("data-n", String(n));
      item.textContent = labels[closed] + " " + n;
      line.append(item);
    });
    line.hidden = !line.firstChild;
  }

  // Show the card with a status, in that status's column (at its top: the newest move).
  function place(card, status, label) {
    var before = card.getAttribute("data-status");
    if (before !== status) {
      tally(before, -1);
      tally(status, 1);
    }
    var from = card.closest("[data-column]");
    var to = column(columnOf(status));
    var shown = card.querySelector("[data-status-label]");
    shown.textContent = label;
    shown.className = "status status-" + status;
    card.setAttribute("data-status", status);
    if (from !== to) {
      var cards = to.querySelector("[data-cards]");
      cards.prepend(card);
      cards.hidden = false;  // the closed column's cards are not loaded: show this one
      var folded = to.querySelector("details");
      if (folded) folded.open = true;  // show where the card went
      bump(from, -1);
      bump(to, 1);
    }
  }

  // Why a move failed, in words: the server's own, or what went wrong on the way.
  function refusal(response, who) {
    if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
      return Promise.resolve("Your session has ended: log in again, then move " + who + ".");
    }
    if (response.status === 404) {
      return Promise.resolve(who + " is no longer in your applications (deleted elsewhere?); " +
        "it was not moved. Reload the board.");
    }
    return response.json().then(function (data) {
      return data.error || "Walkout could not move " + who + ". Try again.";
    }, function () {
      return "Walkout could not move " + who + " just now. Try again.";
    });
  }

  // Move a card to a status: POST it (the CSRF token from the move form), and show the card
  // there at once when `early`. Resolves with the server's answer; on a refusal or a
  // network failure the card goes back where it was, the message says why, and it rejects.
  function move(card, status, form, early) {
    var link = card.querySelector("[data-move]");
    var who = name(card);
    var body = form ? new FormData(form) : new FormData();
    if (!form) {
      body.set("csrfmiddlewaretoken",
        template.content.querySelector("[name=csrfmiddlewaretoken]").value);
      body.set("status", status);
    }
    var was = { status: card.getAttribute("data-status"), next: card.nextElementSibling,
      list: card.parentNode, section: card.closest("[data-column]") };
    was.label = labels[was.status];
    // The Closed column may be folded, its cards not loaded: it unfolds to show the card,
    // and folds again if the card has to go back.
    var to = early ? column(columnOf(status)) : null;
    var folded = to && to.querySelector("details");
    if (early) {
      was.toHidden = to.querySelector("[data-cards]").hidden;
      was.toOpen = folded ? folded.open : true;
      place(card, status, labels[status]);
    }
    card.classList.add("is-saving");
    card.setAttribute("aria-busy", "true");
    return fetch(link.pathname, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      redirect: "manual",
    })
      .then(function (response) {
        if (!response.ok) {
          return refusal(response, who).then(function (text) { throw new Error(text); });
        }
        return response.json().catch(function () {
          throw new Error("Walkout could not move " + who + " just now. Try again.");
        });
      }, function () {
        throw new Error("Could not reach Walkout; " + who + " was not moved. Try again.");
      })
      .then(function (data) {
        place(card, data.status, data.label);
        var where = data.column === "closed" ? " (in Closed)" : "";
        announce(data.moved ? who + " moved to " + data.label + where + "."
          : who + " is already " + data.label + ".");
        return data;
      }, function (error) {
        if (early && card.closest("[data-column]") !== was.section) {
          was.list.insertBefore(card, was.next && was.next.parentNode === was.list ? was.next : null);
          bump(card.closest("[data-column]"), 1);
          bump(to, -1);
          to.querySelector("[data-cards]").hidden = was.toHidden;
          if (folded) folded.open = was.toOpen;
        }
        if (card.getAttribute("data-status") !== was.status) {
          tally(card.getAttribute("data-status"), -1);
          tally(was.status, 1);
        }
        var shown = card.querySelector("[data-status-label]");
        shown.textContent = was.label;
        shown.className = "status status-" + was.status;
        card.setAttribute("data-status", was.status);
        announce(error.message, true);
        throw error;
      })
      .finally(function () {
        card.classList.remove("is-saving");
        card.removeAttribute("aria-busy");
      });
  }

  function closeMenu(form, focus) {
    var link = form.closest(".board-card").querySelector("[data-move]");
    form.remove();
    link.hidden = false;
    if (focus) link.focus({ preventScroll: true });
  }

  // "Move" → the form in the card, on the card's status, focused.
  board.addEventListener("click", function (event) {
    var link = event.target.closest("[data-move]");
    if (!link || !template) return;
    event.preventDefault();
    var card = link.closest(".board-card");
    var form = card.querySelector("form.board-move");
    if (!form) {
      form = template.content.firstElementChild.cloneNode(true);
      var id = "move-" + card.id.replace("card-", "");
      form.action = link.pathname;
      var label = form.querySelector("[data-move-label]");
      label.htmlFor = id;
      label.textContent = "Move " + name(card) + " — " +
        card.querySelector(".role").textContent + " to";
      form.elements.status.id = id;
      form.elements.status.value = card.getAttribute("data-status");
      link.after(form);
      link.hidden = true;
    }
    form.elements.status.focus();
  });

  // Escape closes the menu, and focus goes back to the card's Move.
  board.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var form = event.target.closest && event.target.closest("form.board-move");
    if (!form) return;
    event.preventDefault();
    closeMenu(form, true);
  });

  var dismiss = document.querySelector(".board-toast [data-dismiss]");
  dismiss.addEventListener("click", function () {
    window.clearTimeout(clearTimer);
    live.textContent = "";
  });

  board.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("board-move")) return;
    event.preventDefault();
    var card = form.closest(".board-card");
    var button = form.querySelector("button");
    button.disabled = true;
    move(card, form.elements.status.value, form, false)
      .then(function () {
        // Done: the menu closes and focus goes back to the card's Move, wherever it is now.
        closeMenu(form, true);
      }, function () {
        form.elements.status.value = card.getAttribute("data-status");
      })
      .finally(function () { button.disabled = false; });
  });

  window.walkoutBoard = {
    move: function (card, status) { return move(card, status, null, true); },
    announce: announce,
    labels: labels,
    closed: CLOSED,
  };
})();
