/* sitegen default theme: progressive enhancements. Every page works without this file:
   it adds copy buttons (code and turn links), the light/dark toggle, and opens the right
   answer when the address points into another answer to the same question. */
(function () {
  "use strict";

  var root = document.documentElement;
  var words = document.body.dataset;
  var THEME_KEY = "sitegen-theme";

  function announce(text) {
    var live = document.getElementById("announce");
    if (!live) return;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.cssText = "position:fixed;top:0;opacity:0";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      area.remove();
      if (done) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  function afterCopy(button, promise, message, showText) {
    var before = button.textContent;
    promise.then(function () {
      announce(message);
      button.classList.add("done");
      if (showText) button.textContent = words.copied || "Copied";
    }, function () {
      announce(words.copyFailed || "Could not copy");
    }).then(function () {
      window.setTimeout(function () {
        button.classList.remove("done");
        if (showText) button.textContent = before;
      }, 1800);
    });
  }

  /* Code blocks: the figure's Copy button copies the code without line numbers. */
  function codeText(figure) {
    var code = figure.querySelector("pre code") || figure.querySelector("pre");
    var copy = code.cloneNode(true);
    copy.querySelectorAll(".linenos").forEach(function (n) { n.remove(); });
    return copy.textContent.replace(/\n$/, "");
  }

  document.querySelectorAll("figure.code button.copy").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var figure = button.closest("figure");
      afterCopy(button, copyText(codeText(figure)), words.copied || "Copied", true);
    });
  });

  /* Turns: copy the absolute address of the turn (the canonical URL when there is one). */
  function pageAddress() {
    var canonical = document.querySelector('link[rel="canonical"]');
    var href = canonical ? canonical.getAttribute("href") : location.href;
    var url = new URL(href, location.href);
    url.hash = "";
    return url.href;
  }

  document.querySelectorAll("button.copy-link").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var address = pageAddress() + "#" + button.dataset.anchor;
      afterCopy(button, copyText(address), words.linkCopied || "Link copied", false);
    });
  });

  /* Light / dark: remember the reader's choice; the head script applies it before paint. */
  var toggle = document.querySelector(".theme-toggle");
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");

  function scheme() {
    return root.getAttribute("data-theme") || (systemDark.matches ? "dark" : "light");
  }

  function syncToggle() {
    if (toggle) toggle.setAttribute("aria-pressed", String(scheme() === "dark"));
  }

  if (toggle) {
    toggle.hidden = false;
    syncToggle();
    toggle.addEventListener("click", function () {
      var next = scheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(THEME_KEY, next); } catch (e) { /* private mode */ }
      syncToggle();
    });
    systemDark.addEventListener("change", syncToggle);
  }

  /* Answer variants: an address pointing into another answer selects that answer. */
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var panel = target && target.closest(".variant");
    if (!panel) return;
    var radios = panel.parentNode.querySelectorAll(".variant-radio");
    var radio = radios[Number(panel.dataset.variant) - 1];
    if (radio && !radio.checked) {
      radio.checked = true;
      target.scrollIntoView();
    }
  }

  openTarget();
  window.addEventListener("hashchange", openTarget);
})();
