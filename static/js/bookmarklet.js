// Walkout's bookmarklet, run on a job posting's page in the user's own browser.
// /capture/ turns this file into the javascript: link dragged to the bookmarks bar,
// with __WALKOUT_NEW__ replaced by this Walkout's new-application address. The link is
// these lines joined by spaces: every statement ends with a semicolon, and a comment
// has its line to itself.
// It copies the page's JobPosting JSON-LD, or else its title and og: meta tags, into a
// small HTML document, and opens Walkout's new-application page with it after the "#".
// A fragment never reaches any server, so a long description fits (an address of a few
// KB is all some servers take). It injects no script and fetches nothing, so the page's
// own Content-Security-Policy has nothing to block once the browser runs it; Walkout
// only fills its form from it, and saving stays the user's click.
(function () {
  var walkout = "__WALKOUT_NEW__";
  var most = 600000;
  var esc = function (text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  };
  var parts = ["<title>" + esc(document.title) + "</title>"];
  var canonical = document.querySelector("link[rel=canonical]");
  parts.push("<link rel=\"canonical\" href=\"" + esc(canonical && canonical.href ? canonical.href : location.href) + "\">");
  var metas = document.querySelectorAll("meta[property], meta[name]");
  for (var i = 0; i < metas.length; i++) {
    var key = metas[i].getAttribute("property") || metas[i].getAttribute("name") || "";
    if (/^(og:|twitter:title$|description$)/i.test(key)) {
      parts.push("<meta property=\"" + esc(key) + "\" content=\"" + esc(metas[i].getAttribute("content") || "") + "\">");
    }
  }
  var blocks = document.querySelectorAll("script[type]");
  for (var j = 0; j < blocks.length; j++) {
    var text = blocks[j].textContent || "";
    if (/ld\+json/i.test(blocks[j].type) && /JobPosting/.test(text)) {
      // "<\/" is "</" in JSON: the block cannot end early inside the document.
      parts.push("<script type=\"application/ld+json\">" + text.split("</").join("<\\/") + "</script>");
    }
  }
  // Walkout refuses control characters other than tab and line breaks.
  var page = parts.join("\n").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, " ");
  var encode = function (text) {
    try {
      return encodeURIComponent(text);
    } catch (error) {
      // A lone half of a surrogate pair cannot be encoded: drop them all.
      return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, " "));
    }
  };
  var sent = encode(page);
  // 600 KB at most: far below what a browser's address takes, and what Walkout's form
  // post then takes (2.5 MB). A posting's data is a few KB to a few hundred.
  while (sent.length > most) {
    page = page.slice(0, Math.floor(page.length * 0.8));
    sent = encode(page);
  }
  window.open(walkout + "?capture=1#walkout=" + sent, "_blank", "noopener");
})();
