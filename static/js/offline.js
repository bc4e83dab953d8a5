// Offline use, on every page: registers the service worker (/sw.js), asks it to keep the
// pages needed during an interview, and sends the answers given without a connection.
//
// Answers wait in IndexedDB (they survive a reload and a closed tab), each with the device
// time it was given and an idempotency key, and are sent in order on page load, when the
// connection returns and when the page is shown again. The server keeps the newer answer
// and ignores a key it has already applied, so sending twice is harmless. The queue is
// keyed by user: only the logged-in user's own answers are ever sent.
// js/checklist.js uses window.walkoutQueue; events "walkout:sent", "walkout:rejected" and
// "walkout:queue" tell it what happened.
//
// Also, being the one script every page loads: Escape closes the phone's "More" menu.
(function () {
  "use strict";
  var body = document.body;
  var user = body.dataset.user || "";
  // The page shown for what is not on the device: nobody's, and says nothing of who is here.
  var offlinePage = body.hasAttribute("data-offline-page");
  var dbPromise = null;
  var status = "idle"; // idle | offline | login
  var hadPending = false;

  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open("walkout", 1);
        request.onupgradeneeded = function () {
          var store = request.result.createObjectStore("pending", { keyPath: "seq", autoIncrement: true });
          store.createIndex("user", "user");
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbPromise;
  }

  // Run fn(store) in a transaction; resolves with fn's result once it is committed.
  function withStore(mode, fn) {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        var tx = database.transaction("pending", mode);
        var result = fn(tx.objectStore("pending"));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  // This user's entries, oldest first: those still waiting (sent = false), or those already
  // sent, kept a while so that a page rendered or kept before they arrived still shows them.
  function entries(sent, url) {
    if (!user) return Promise.resolve([]);
    return withStore("readonly", function (store) {
      return store.index("user").getAll(user);
    }).then(function (all) {
      all.sort(function (a, b) { return a.seq - b.seq; });
      return all.filter(function (e) { return !!e.sent === sent && (!url || e.url === url); });
    });
  }
  function pending(url) { return entries(false, url); }
  function sent(url) { return entries(true, url); }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  // Queue an answer: {url, id, answer, note}. A later answer to the same question
  // replaces one still waiting (the server would keep the later one anyway).
  function add(answer) {
    var entry = {
      user: user,
      url: answer.url,
      id: String(answer.id),
      answer: answer.answer,
      note: answer.note || "",
      answered_at: new Date().toISOString(),
      key: newKey()
    };
    return withStore("readwrite", function (store) {
      store.index("user").openCursor(user).onsuccess = function (event) {
        var cursor = event.target.result;
        if (!cursor) return store.add(entry);
        if (cursor.value.url === entry.url && cursor.value.id === entry.id) cursor.delete();
        cursor.continue();
      };
    }).then(function () { return entry; });
  }

  function remove(entry) {
    return withStore("readwrite", function (store) { store.delete(entry.seq); });
  }
  function markSent(entry) {
    entry.sent = true;
    entry.sent_at = Date.now();
    return withStore("readwrite", function (store) { store.put(entry); });
  }
  // Sent entries are kept two days: longer than any copy of a page kept for an interview.
  // They only complete the kept pages, so anyone else's go once this page says who is here.
  // Answers not sent yet stay, whoever is here: they are sent when their user logs in
  // again, and never shown nor sent for anyone else.
  function forgetOldSent() {
    var limit = Date.now() - 2 * 24 * 3600 * 1000;
    return withStore("readwrite", function (store) {
      store.openCursor().onsuccess = function (event) {
        var cursor = event.target.result;
        if (!cursor) return;
        var entry = cursor.value;
        var others = entry.user !== user && !offlinePage;
        if (entry.sent && (entry.sent_at < limit || others)) cursor.delete();
        cursor.continue();
      };
    });
  }

  // The CSRF cookie is current even when the page came from the device's copy (a token in
  // an old page may predate a new login); the page's own token is the fallback.
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var field = document.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function post(entry) {
    var data = new URLSearchParams();
    data.set("answer_" + entry.id, entry.answer);
    data.set("note_" + entry.id, entry.note);
    data.set("answered_at", entry.answered_at);
    data.set("client_key", entry.key);
    return fetch(entry.url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() }
    });
  }

  function emit(name, detail) {
    document.dispatchEvent(new CustomEvent(name, { detail: detail }));
  }

  // Send what waits, one at a time and in order; stop at the first that cannot go.
  // Tabs take turns (Web Locks) so that two never send the same entry at once.
  var running = null;
  var retryDelay = 2000, retryTimer = null;
  function sync() {
    if (!user) return Promise.resolve();
    if (running) return running;
    clearTimeout(retryTimer);
    var work = function () { return drain().then(showCount, showCount).then(retryLater); };
    running = (navigator.locks ? navigator.locks.request("walkout-sync", work) : work());
    return running.then(function () { running = null; }, function () { running = null; });
  }

  function drain() {
    return pending().then(function (entries) {
      if (!entries.length) { status = "idle"; return; }
      var entry = entries[0];
      return post(entry).then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
          status = "login"; // the session ended: keep everything until the user is back
          return;
        }
        if (response.ok) {
          return response.json().then(function (result) {
            // Another device's later answer stands: nothing of this one to show again.
            var stale = result.stale && result.stale.indexOf(Number(entry.id)) !== -1;
            return (stale ? remove(entry) : markSent(entry)).then(function () {
              status = "idle";
              emit("walkout:sent", { entry: entry, result: result });
              return drain();
            });
          });
        }
        if (response.status === 400 || response.status === 404) {
          // Refused for good (a question since deleted, bad input): it would never go.
          return response.json().catch(function () { return { errors: ["This answer was refused."] }; })
            .then(function (result) {
              return remove(entry).then(function () {
                emit("walkout:rejected", { entry: entry, errors: result.errors || [] });
                return drain();
              });
            });
        }
        status = "offline"; // 5xx: try again later
      }, function () {
        status = "offline";
      });
    });
  }

  // A weak signal: "online" yet the request failed. Try again, less and less often.
  function retryLater(count) {
    if (!count || status !== "offline" || !navigator.onLine) { retryDelay = 2000; return; }
    retryTimer = setTimeout(sync, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60000);
  }

  // "n answers not saved yet" on every page, and "Log in again" when the session ended.
  function showCount() {
    return pending().then(function (entries) {
      var banner = document.getElementById("pending-banner");
      if (!banner) return;
      var n = entries.length;
      var login = document.getElementById("pending-login");
      var text = document.getElementById("pending-text");
      var answers = n + (n === 1 ? " answer" : " answers");
      login.hidden = !(n && status === "login");
      if (n && status === "login") {
        text.textContent = "Log in again to save " + answers + ".";
        login.href = body.dataset.login + "?next=" + encodeURIComponent(location.pathname);
      } else if (n) {
        text.textContent = answers + " not saved yet. " + (status === "offline" || !navigator.onLine
          ? "They will be sent when the connection returns." : "Sending…");
      } else {
        text.textContent = "All answers saved.";
      }
      banner.dataset.state = n ? status === "login" ? "login" : "pending" : "saved";
      banner.hidden = !n && !hadPending;
      hadPending = hadPending || n > 0;
      emit("walkout:queue", { count: n, status: status });
      return n;
    });
  }

  // Service worker: ask it to keep this page and those the page lists, then mark the page.
  function tellWorker(message) {
    if (!("serviceWorker" in navigator)) return Promise.resolve();
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function () { resolve(); };
        registration.active.postMessage(message, [channel.port2]);
      });
    });
  }

  function keepPages() {
    var urls = [location.pathname + location.search];
    document.querySelectorAll("#offline-pages [data-url]").forEach(function (item) {
      urls.push(item.dataset.url);
    });
    return tellWorker({ type: "keep", urls: urls }).then(function () {
      body.dataset.offline = "ready";
    });
  }

  // Kept pages are this user's: dropped on logout, when someone else logs in here, and when
  // a page says nobody is logged in (the worker drops them too, on the server's word).
  function forgetPages() {
    var done = tellWorker({ type: "forget" });
    var direct = window.caches ? caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf("walkout-pages-") === 0; })
        .map(function (n) { return caches.delete(n); }));
    }) : Promise.resolve();
    return Promise.all([done, direct]).catch(function () {});
  }

  function within(ms, promise) {
    return Promise.race([promise, new Promise(function (r) { setTimeout(r, ms); })]);
  }

  // Logging out with answers still waiting: one last try to send them, then ask. They stay
  // on this phone and go when this user logs in here again, but nowhere else meanwhile.
  function mayLeave(form) {
    if (!window.walkoutQueue || form.action.indexOf("logout") === -1) return Promise.resolve(true);
    return within(3000, sync()).then(function () { return pending(); }).then(function (waiting) {
      if (!waiting.length) return true;
      var n = waiting.length === 1 ? "1 answer is" : waiting.length + " answers are";
      return window.confirm(n + " not saved yet. They stay on this phone and are sent " +
        "when you log in here again. Log out anyway?");
    }, function () { return true; });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-offline-forget") || form.dataset.forgotten) return;
    event.preventDefault();
    form.dataset.forgotten = "1";
    mayLeave(form).then(function (leave) {
      if (!leave) { delete form.dataset.forgotten; return; }
      try { localStorage.removeItem("walkout-user"); } catch (e) { /* private mode */ }
      // Never hold up a logout for long.
      within(1500, forgetPages()).then(function () { form.submit(); });
    });
  });

  // A page kept on the phone says how old it is where that matters: the exit script's
  // reasons are the answers as they were then, not those given offline since.
  function sayHowOld() {
    document.querySelectorAll("[data-as-of]").forEach(function (el) {
      var when = new Date(el.getAttribute("data-as-of"));
      if (isNaN(when.getTime()) || Date.now() - when.getTime() < 120000) return;
      el.textContent = "As of " + when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) +
        ", when this page was kept on your phone: answers given since are not in it.";
      el.hidden = false;
    });
  }

  function start() {
    sayHowOld();
    var previous = null;
    try {
      previous = localStorage.getItem("walkout-user");
      if (user) localStorage.setItem("walkout-user", user);
      else if (!offlinePage) localStorage.removeItem("walkout-user");
    } catch (e) { /* private mode */ }
    var ready = previous && user && previous !== user ? forgetPages() : Promise.resolve();
    // A visitor (logged out, session expired, account deleted elsewhere): nothing kept for
    // a user stays. Not waited for: the worker may not be registered yet.
    if (!user && !offlinePage) forgetPages();
    if ("serviceWorker" in navigator && body.dataset.sw) {
      ready.then(function () {
        return navigator.serviceWorker.register(body.dataset.sw);
      }).then(function () {
        if (user) return keepPages();
      }).catch(function () { /* no worker: the app works online as before */ });
    }
    forgetOldSent().then(sync, sync);
  }

  if (!window.indexedDB) return; // no queue: the checklist stays a plain form
  window.walkoutQueue = { add: add, pending: pending, sent: sent, sync: sync };
  window.addEventListener("online", sync);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") sync();
  });
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();

// The phone's "More" menu is a <details>, which the browser does not close on Escape as it
// would a menu: close it, and put the focus back on its summary so the keyboard (or a
// screen reader) is not left inside a menu that is gone.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = document.querySelector("details.nav-more[open]");
    if (!menu) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
})();
