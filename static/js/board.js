// Board: move a card without reloading the page. "Move" opens the page's one move form
// (a <template>) inside the card; without JavaScript the link leads to the same form on a
// page of its own. The server answers JSON only when asked for it.
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  if (!board || !window.fetch || !window.FormData) return;
  var live = document.getElementById("board-status");
  var CLOSED = ["accepted", "rejected", "withdrawn", "no_response", "walked_out"];

  function announce(text, failed) {
    live.textContent = "";
    live.className = "board-status alert " + (failed ? "alert-danger" : "alert-success");
    // Cleared then set, so screen readers repeat an identical message.
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function column(key) {
    return board.querySelector('[data-column="' + key + '"]');
  }

  function bump(section, delta) {
    var count = section.querySelector("[data-count]");
    count.textContent = String(Number(count.textContent) + delta);
  }

  function place(card, data) {
    var from = card.closest("[data-column]");
    var to = column(data.column);
    var label = card.querySelector("[data-status-label]");
    label.textContent = data.label;
    label.className = "status status-" + data.status;
    card.setAttribute("data-status", data.status);
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

  var template = document.getElementById("move-form");

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
      label.textContent = "Move " + card.querySelector(".title").textContent + " — " +
        card.querySelector(".role").textContent + " to";
      form.elements.status.id = id;
      form.elements.status.value = card.getAttribute("data-status");
      link.after(form);
      link.hidden = true;
    }
    form.elements.status.focus();
  });

  board.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("board-move")) return;
    event.preventDefault();
    var card = form.closest(".board-card");
    var select = form.elements.status;
    var button = form.querySelector("button");
    var name = card.querySelector(".title").textContent;
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) throw new Error(data.error || "Could not move " + name + ".");
          return data;
        });
      })
      .then(function (data) {
        place(card, data);
        var where = CLOSED.indexOf(data.status) >= 0 ? " (in Closed)" : "";
        announce(data.moved ? name + " moved to " + data.label + where + "." : name + " is already " + data.label + ".");
        // Done: the menu closes and focus goes back to the card's Move, wherever it is now.
        var link = card.querySelector("[data-move]");
        form.remove();
        link.hidden = false;
        link.focus({ preventScroll: true });
      })
      .catch(function (error) {
        select.value = card.getAttribute("data-status");
        announce(error instanceof SyntaxError || error instanceof TypeError
          ? "Could not reach Walkout; " + name + " was not moved. Try again."
          : error.message, true);
      })
      .finally(function () { button.disabled = false; });
  });
})();
