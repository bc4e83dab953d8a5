// Board: drag a card by its handle onto another column, with a mouse, a finger or a pen
// (Pointer Events: one code path); a mouse may take the card anywhere. While dragging, the column under the pointer lights up
// and the page scrolls near the window's edges; below 1200 px, where the columns do not
// fit in one row, a bar of every column waits at the bottom of the screen, so that any
// of them is in reach of a thumb. Dropping on Closed asks which closed status, as the
// Move menu does. js/board.js sends the move (walkoutBoard.move) and puts the card back,
// saying why, when the server refuses or cannot be reached. Keyboard: the card's Move.
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  var api = window.walkoutBoard;
  if (!board || !api || !window.PointerEvent) return;
  var SVG = "http://www.w3.org/2000/svg";
  var EDGE = 56;  // px from the window's edge where the page scrolls by itself
  var drag = null;

  function handle() {
    var grip = document.createElement("span");
    grip.className = "board-drag";
    grip.setAttribute("data-drag-handle", "");
    grip.setAttribute("aria-hidden", "true");  // the keyboard and screen readers use Move
    grip.title = "Drag to another column";
    var icon = document.createElementNS(SVG, "svg");
    icon.setAttribute("viewBox", "0 0 10 16");
    icon.setAttribute("width", "10");
    icon.setAttribute("height", "16");
    [3, 8, 13].forEach(function (y) {
      [2, 8].forEach(function (x) {
        var dot = document.createElementNS(SVG, "circle");
        dot.setAttribute("cx", String(x));
        dot.setAttribute("cy", String(y));
        dot.setAttribute("r", "1.6");
        icon.appendChild(dot);
      });
    });
    grip.appendChild(icon);
    return grip;
  }

  board.querySelectorAll(".board-card").forEach(function (card) {
    card.prepend(handle());
    // Pressed and moved, a card's link drags the card, not the link's address.
    card.querySelectorAll("a").forEach(function (link) { link.draggable = false; });
  });
  board.classList.add("can-drag");

  function label(section) {
    return section.querySelector(".board-heading").firstChild.textContent.trim();
  }

  // The bar of drop targets for a screen where the columns are stacked.
  var bar = document.createElement("div");
  bar.className = "board-dropbar";
  bar.hidden = true;
  bar.setAttribute("aria-hidden", "true");
  var title = document.createElement("p");
  title.textContent = "Drop on a column";
  bar.appendChild(title);
  board.querySelectorAll("[data-column]").forEach(function (section) {
    var target = document.createElement("div");
    target.className = "board-drop";
    target.setAttribute("data-drop", section.getAttribute("data-column"));
    target.textContent = label(section);
    bar.appendChild(target);
  });
  board.after(bar);

  // "Close … as": the closed statuses, as the Move menu lists them.
  var dialog = document.createElement("dialog");
  dialog.className = "board-close-as";
  dialog.setAttribute("aria-labelledby", "close-as-title");
  var form = document.createElement("form");
  form.method = "dialog";
  var heading = document.createElement("h2");
  heading.className = "h5";
  heading.id = "close-as-title";
  heading.tabIndex = -1;
  heading.autofocus = true;  // no choice made for the user: focus starts on the question
  form.appendChild(heading);
  var choices = document.createElement("div");
  choices.className = "board-close-choices";
  api.closed.forEach(function (status) {
    var choice = document.createElement("button");
    choice.className = "btn btn-outline-primary";
    choice.value = status;
    choice.textContent = api.labels[status];
    choices.appendChild(choice);
  });
  form.appendChild(choices);
  var cancel = document.createElement("button");
  cancel.className = "btn btn-outline-secondary";
  cancel.value = "";
  cancel.textContent = "Cancel";
  form.appendChild(cancel);
  dialog.appendChild(form);
  document.body.appendChild(dialog);
  var closing = null;  // the card waiting for a closed status
  dialog.addEventListener("close", function () {
    var card = closing;
    closing = null;
    card.classList.remove("is-drag-source");
    if (api.closed.indexOf(dialog.returnValue) >= 0) {
      api.move(card, dialog.returnValue).catch(function () { /* board.js said why */ });
    }
  });

  function columnUnder(x, y) {
    var el = document.elementFromPoint(x, y);
    if (!el) return null;
    var target = el.closest("[data-drop]");
    if (target) return target.getAttribute("data-drop");
    var section = el.closest("[data-column]");
    return section && board.contains(section) ? section.getAttribute("data-column") : null;
  }

  function light(key) {
    if (drag.target === key) return;
    drag.target = key;
    document.querySelectorAll(".is-drop-target").forEach(function (el) {
      el.classList.remove("is-drop-target");
    });
    if (!key || key === drag.from) return;
    board.querySelector('[data-column="' + key + '"]').classList.add("is-drop-target");
    bar.querySelector('[data-drop="' + key + '"]').classList.add("is-drop-target");
  }

  // The copy follows the pointer, kept inside the window (a finger at the edge would push
  // it out of sight).
  function follow() {
    var x = Math.max(4, Math.min(drag.x - drag.dx, window.innerWidth - drag.w - 4));
    var y = Math.max(4, drag.y - drag.dy);
    drag.ghost.style.transform = "translate(" + x + "px, " + y + "px)";
    light(columnUnder(drag.x, drag.y));
  }

  // Near the top or bottom of the window (above the bar), the page scrolls, faster closer in.
  function scroll() {
    if (!drag || !drag.started) return;
    var shown = bar.getBoundingClientRect();  // nothing at 1200 px and wider (CSS)
    var bottom = shown.height ? shown.top : window.innerHeight;
    var step = 0;
    if (drag.y < EDGE) step = -Math.ceil((EDGE - drag.y) / EDGE * 16);
    else if (drag.y > bottom - EDGE && drag.y < bottom) {
      step = Math.ceil((drag.y - (bottom - EDGE)) / EDGE * 16);
    }
    // Only after a moment there: a finger passing through on its way to the bar stays put.
    if (!step) drag.edgeSince = null;
    else if (!drag.edgeSince) drag.edgeSince = Date.now();
    if (step && Date.now() - drag.edgeSince > 300) {
      window.scrollBy(0, step);
      light(columnUnder(drag.x, drag.y));
    }
    drag.frame = window.requestAnimationFrame(scroll);
  }

  function start() {
    var card = drag.card;
    // Captured once moving, not on the press: a click on the card's link stays the link's,
    // and the click that ends a drag goes to the card (where it was captured), opening nothing.
    drag.handle.setPointerCapture(drag.id);
    var ghost = card.cloneNode(true);
    ghost.removeAttribute("id");
    ghost.querySelectorAll("[id], form").forEach(function (el) {
      if (el.tagName === "FORM") el.remove();
      else el.removeAttribute("id");
    });
    ghost.classList.add("board-ghost");
    ghost.setAttribute("aria-hidden", "true");
    drag.ghost = ghost;
    drag.started = true;
    document.body.appendChild(ghost);
    // A small copy of the card: under a mouse pointer by its corner, as if held there;
    // above a finger, which would hide it (and the column it is over).
    var size = ghost.getBoundingClientRect();
    drag.w = size.width;
    drag.dx = size.width - 16;
    drag.dy = drag.touch ? size.height + 28 : size.height - 16;
    card.classList.add("is-drag-source");
    board.classList.add("is-dragging");
    document.documentElement.classList.add("is-dragging-card");
    bar.querySelectorAll("[data-drop]").forEach(function (target) {
      target.classList.toggle("is-here", target.getAttribute("data-drop") === drag.from);
    });
    bar.hidden = false;
    follow();
    drag.frame = window.requestAnimationFrame(scroll);
  }

  // Ends a drag; returns the column it ended on (null when cancelled or never started).
  function finish(dropped) {
    var ended = drag;
    drag = null;
    if (ended.handle.hasPointerCapture(ended.id)) ended.handle.releasePointerCapture(ended.id);
    if (!ended.started) return null;
    window.cancelAnimationFrame(ended.frame);
    ended.ghost.remove();
    document.querySelectorAll(".is-drop-target").forEach(function (el) {
      el.classList.remove("is-drop-target");
    });
    board.classList.remove("is-dragging");
    document.documentElement.classList.remove("is-dragging-card");
    bar.hidden = true;
    ended.card.classList.remove("is-drag-source");
    return dropped ? ended.target : null;
  }

  // A mouse takes a card anywhere but by its controls; a finger or a pen only by the handle,
  // so that elsewhere on a card it still scrolls the page.
  board.addEventListener("pointerdown", function (event) {
    var card = event.target.closest(".board-card");
    var grip = event.target.closest("[data-drag-handle]");
    var mouse = event.pointerType === "mouse";
    if (!card || drag || closing || card.classList.contains("is-saving")) return;
    if (mouse ? event.button !== 0 || event.target.closest("form, button") : !grip) return;
    if (grip) event.preventDefault();  // no text selection; a card's link still gets its click
    var holder = grip || card;
    drag = {
      card: card, handle: holder, id: event.pointerId, started: false,
      touch: !mouse,
      from: card.closest("[data-column]").getAttribute("data-column"),
      x0: event.clientX, y0: event.clientY, x: event.clientX, y: event.clientY, target: null,
    };
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.id) return;
    drag.x = event.clientX;
    drag.y = event.clientY;
    if (!drag.started) {
      if (Math.abs(drag.x - drag.x0) + Math.abs(drag.y - drag.y0) < 6) return;
      window.getSelection().removeAllRanges();  // a press on text may have begun a selection
      start();
    }
    follow();
  });

  document.addEventListener("pointerup", function (event) {
    if (!drag || event.pointerId !== drag.id) return;
    var card = drag.card;
    var from = drag.from;
    var tapped = !drag.started;
    var onHandle = drag.handle.hasAttribute("data-drag-handle");
    var key = finish(true);
    if (tapped && !onHandle) return;  // a click on the card: its link or nothing
    if (tapped) {
      api.announce("Drag the handle onto another column to move " +
        card.querySelector(".title").textContent + ", or use its Move button.");
      return;
    }
    if (!key || key === from) return;  // nowhere, or its own column: nothing changes
    if (key !== "closed") {
      api.move(card, key).catch(function () { /* board.js said why */ });
      return;
    }
    closing = card;
    card.classList.add("is-drag-source");
    heading.textContent = "Close " + card.querySelector(".title").textContent + " — " +
      card.querySelector(".role").textContent + " as";
    dialog.returnValue = "";
    dialog.showModal();
  });

  // The browser took the pointer back (a gesture, the window left): the drag is off.
  document.addEventListener("pointercancel", function (event) {
    if (drag && event.pointerId === drag.id) finish(false);
  });
  document.addEventListener("lostpointercapture", function (event) {
    // (A finger's own capture, on what it first touched, gives way to ours: that is no loss.)
    if (drag && event.pointerId === drag.id && event.target === drag.handle) finish(false);
  });

  document.addEventListener("keydown", function (event) {
    if (drag && event.key === "Escape") finish(false);
  });
})();
