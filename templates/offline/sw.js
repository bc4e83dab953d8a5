{% autoescape off %}// Walkout's service worker: the dashboard, the prep sheets, the mid-interview checklists
// and the exit scripts keep working without a connection. Hand-written, no library.
//
// Pages (only those below, only GET) are network first, and fall back to the copy on the
// device when the network fails or is too slow. Static files come from the cache.
// Answers are not this file's business: js/offline.js queues them in IndexedDB and sends
// them itself (no Background Sync), so nothing here can drop one.
//
// Updates never mix versions: each version has its own caches, walkout-static-<v> and
// walkout-pages-<v>. A page kept by version v is served with the static files of v: in
// production they have hashed names, so any copy of a name is the right one, and v's
// static cache is deleted only once no page kept by v is left. On activation, pages kept
// by an older version are fetched again for the new one when the network allows.
//
// Kept pages are one user's. Every page from the server says who is logged in (the
// X-Walkout-User header: an id, or empty for nobody); on a page for anyone else, whatever
// was kept is dropped and no kept copy is served again, before any page script runs. A
// copy shown on a slow network before the server answered is replaced by the server's page
// if that answer says the copy was someone else's.
"use strict";

const VERSION = "{{ version }}";
const PREFIX = "walkout-";
const STATIC_CACHE = PREFIX + "static-" + VERSION;
const PAGES_CACHE = PREFIX + "pages-" + VERSION;
const PRECACHE = {{ precache }};
const OFFLINE_URL = {{ offline_url }};
const STATIC_PREFIX = {{ static_prefix }};
const HASHED = {{ hashed }};
// The only pages kept on the device: the dashboard, prep sheets, mid checklists, exit scripts.
const KEPT = [
  /^\/$/,
  /^\/interviews\/\d+\/prep\/$/,
  /^\/interviews\/\d+\/checklist\/mid\/$/,
  /^\/interviews\/\d+\/exit-script\/$/,
];
// On a weak connection, the copy on the device after this long rather than a spinner.
const PATIENCE_MS = 4000;
// A page asked to be kept (by the dashboard) is not fetched again sooner than this.
const FRESH_MS = 10 * 60 * 1000;
// Kept pages nobody opened for this long are dropped.
const MAX_AGE_MS = 14 * 24 * 3600 * 1000;
const KEPT_AT = "X-Walkout-Kept";
// Who the server said is logged in (walkout/middleware.py): a user's id, or "" for nobody.
const USER = "X-Walkout-User";
// Bumped by "forget" (logout): a page whose fetch started before it is not kept after it.
let generation = 0;
// The user last heard of (null: none yet since the worker started). Only their pages are
// kept and served.
let owner = null;

function isKept(url) {
  return url.origin === self.location.origin && KEPT.some((re) => re.test(url.pathname));
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC_CACHE).then((cache) =>
      // The offline page is fetched without cookies: it holds nothing of anyone's.
      cache.addAll([...PRECACHE, new Request(OFFLINE_URL, { credentials: "omit" })])
    ).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      await self.clients.claim();
      await movePages();
      await prune();
    })()
  );
});

// Pages kept by older versions: fetched again for this one, or left with their own static.
async function movePages() {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX + "pages-") || name === PAGES_CACHE) continue;
    const old = await caches.open(name);
    for (const request of await old.keys()) {
      try {
        const since = generation;
        const response = await fetch(request.url, { redirect: "manual" });
        await heard(response);
        if (keepable(response)) {
          await store(request.url, response, since);
          await old.delete(request);
        }
      } catch (error) {
        // No network: the old copy stays, served with its own version's static files.
      }
    }
  }
}

// Delete the caches of versions that no kept page needs, and pages too old to matter.
async function prune() {
  const names = await caches.keys();
  const now = Date.now();
  for (const name of names) {
    if (!name.startsWith(PREFIX + "pages-")) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      if (!response || now - Number(response.headers.get(KEPT_AT) || 0) > MAX_AGE_MS) {
        await cache.delete(request);
      }
    }
  }
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const version = name.replace(/^walkout-(static|pages)-/, "");
    if (version === VERSION) continue;
    const pagesName = PREFIX + "pages-" + version;
    // has() first: open() would create the cache again once it is deleted.
    const needed =
      (await caches.has(pagesName)) && (await (await caches.open(pagesName)).keys()).length > 0;
    if (!needed) await caches.delete(name);
  }
}

function keepable(response) {
  return (
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected &&
    (response.headers.get("Content-Type") || "").startsWith("text/html")
  );
}

// The server's word on who is logged in: pages kept for anyone else are dropped. Set
// before any await, so that a copy of theirs is not served nor kept from here on.
async function heard(response) {
  const user = response.headers.get(USER);
  if (user === null || user === owner) return; // not a page, or nothing new
  owner = user;
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX + "pages-")) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      if (!mine(await cache.match(request, { ignoreVary: true }))) await cache.delete(request);
    }
  }
}

// A kept copy that may be shown: the last user heard of is the one it was kept for (or no
// one was heard of yet since the worker started, and a logout would have dropped it).
function mine(kept) {
  return !!kept && (owner === null || kept.headers.get(USER) === owner);
}

// Keep a page for this version, stamped with the time, and drop older versions' copies.
// Only a logged-in user's page is kept (base.html marks it, and so does the server's
// header): never the anonymous landing page that answers "/" after a logout.
async function store(url, response, since) {
  const user = response.headers.get(USER);
  const text = await response.text();
  if (!/<body data-user="\d+"/.test(text) || !user || user !== owner || since !== generation) {
    return;
  }
  const headers = new Headers(response.headers);
  headers.set(KEPT_AT, String(Date.now()));
  const copy = new Response(text, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
  const cache = await caches.open(PAGES_CACHE);
  await cache.put(url, copy);
  if (since !== generation || user !== owner) await cache.delete(url); // forgotten meanwhile
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX + "pages-") && name !== PAGES_CACHE) {
      await (await caches.open(name)).delete(url);
    }
  }
}

// The copy on the device: this version's first, else an older version's (which it serves
// with its own static). Exit scripts fall back to any copy of the same interview's script.
async function cachedPage(url) {
  const options = { ignoreVary: true };
  const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX + "pages-"));
  names.sort((a, b) => (a === PAGES_CACHE ? -1 : b === PAGES_CACHE ? 1 : 0));
  for (const name of names) {
    const cache = await caches.open(name);
    const hit =
      (await cache.match(url, options)) ||
      (url.includes("/exit-script/") &&
        ((await cache.match(url.split("?")[0] + "?confirmed=1", options)) ||
          (await cache.match(url, { ...options, ignoreSearch: true }))));
    if (mine(hit)) return hit;
  }
  return null;
}

function offlinePage() {
  return caches.match(OFFLINE_URL).then(
    (page) => page || new Response("You are offline.", { status: 503, headers: { "Content-Type": "text/plain" } })
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  // Never anything but GET: posts (answers) go to the network as the page sent them.
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(staticFile(request));
  } else if (request.mode === "navigate") {
    event.respondWith(isKept(url) ? page(event) : other(request));
  }
});

async function staticFile(request) {
  const own = await caches.open(STATIC_CACHE);
  if (HASHED) {
    const hit = (await own.match(request)) || (await caches.match(request));
    if (hit) return hit;
  }
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") await own.put(request, response.clone());
    return response;
  } catch (error) {
    const hit = (await own.match(request)) || (await caches.match(request));
    if (hit) return hit;
    throw error;
  }
}

// A page that is never kept: from the network, which may say that nobody is logged in.
async function other(request) {
  try {
    const response = await fetch(request);
    await heard(response);
    return response;
  } catch (error) {
    return offlinePage();
  }
}

async function page(event) {
  const request = event.request;
  const since = generation;
  let shown = false; // the kept copy was shown before the server answered
  const network = fetch(request).then(async (response) => {
    await heard(response);
    if (keepable(response)) await store(request.url, response.clone(), since);
    return response;
  });
  const cached = await cachedPage(request.url);
  // Still to be shown when the answer is late or fails: not once a logout, or a page for
  // someone else, has come meanwhile.
  const usable = () => since === generation && mine(cached);
  // Let the copy be refreshed even when the kept one was shown first; and if the server's
  // answer says the copy was not for whoever is here, load the page again, from it.
  event.waitUntil(
    network.then(() => shown && !usable() && reopen(event.resultingClientId, request.url))
      .catch(() => null)
  );
  if (!cached) return network.catch(offlinePage);
  const fallback = network
    .then((response) => (response.status >= 500 && usable() ? cached : response))
    .catch(() => (usable() ? cached : offlinePage()));
  const patience = new Promise((resolve) => setTimeout(resolve, PATIENCE_MS)).then(() =>
    usable() ? cached : fallback
  );
  const answer = await Promise.race([fallback, patience]);
  shown = answer === cached;
  return answer;
}

async function reopen(clientId, url) {
  const client = clientId && (await self.clients.get(clientId));
  if (client) await client.navigate(url);
}

// Messages from js/offline.js:
//   {type: "keep", urls}   keep these pages (those the dashboard lists, the current one)
//   {type: "forget"}        drop every kept page (log out, another user)
// The reply on the message's port says it is done.
self.addEventListener("message", (event) => {
  const message = event.data || {};
  const reply = () => event.ports[0] && event.ports[0].postMessage({ done: true });
  let work;
  if (message.type === "keep") {
    work = keep(message.urls || []).then(prune);
  } else if (message.type === "forget") {
    generation += 1;
    work = caches.keys().then((names) =>
      Promise.all(names.filter((n) => n.startsWith(PREFIX + "pages-")).map((n) => caches.delete(n)))
    );
  } else {
    return;
  }
  event.waitUntil(work.catch(() => null).then(reply));
});

async function keep(urls) {
  const since = generation;
  const cache = await caches.open(PAGES_CACHE);
  for (const raw of new Set(urls)) {
    const url = new URL(raw, self.location.origin);
    if (!isKept(url)) continue;
    const kept = await cache.match(url.href, { ignoreVary: true });
    if (kept && Date.now() - Number(kept.headers.get(KEPT_AT) || 0) < FRESH_MS) continue;
    try {
      const response = await fetch(url.href, { redirect: "manual" });
      await heard(response);
      if (keepable(response)) await store(url.href, response, since);
    } catch (error) {
      // Offline: what is kept stays.
    }
  }
}
{% endautoescape %}
