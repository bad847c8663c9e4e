/* Wide tables scroll inside their own box instead of widening the page (WCAG 1.4.10, reflow at 320 px).
   Each table gets a labelled region around it; the region takes keyboard focus only while it can scroll,
   so that keyboard users can scroll it too without an extra tab stop on tables that fit. */
(function () {
  "use strict";

  function headingBefore(node) {
    for (let el = node; el && el.tagName !== "MAIN"; el = el.parentElement) {
      for (let sib = el.previousElementSibling; sib; sib = sib.previousElementSibling) {
        if (/^H[1-6]$/.test(sib.tagName)) return sib;
        const inner = sib.querySelectorAll("h1, h2, h3, h4, h5, h6");
        if (inner.length) return inner[inner.length - 1];
      }
    }
    return null;
  }

  function labelFor(table) {
    const source = table.caption || headingBefore(table);
    const text = source ? source.textContent.trim().replace(/\s+/g, " ") : "";
    return text || document.documentElement.getAttribute("data-table-label") || "Tabell";
  }

  function focusableWhenScrolling(box) {
    if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
    else box.removeAttribute("tabindex");
  }

  function wrap(root) {
    root.querySelectorAll("main table").forEach(function (table) {
      const parent = table.parentElement;
      if (parent.classList.contains("table-scroll")) return;
      const box = document.createElement("div");
      box.className = "table-scroll";
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", labelFor(table));
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
    document.querySelectorAll(".table-scroll").forEach(focusableWhenScrolling);
  }

  function start() {
    wrap(document);
    window.addEventListener("resize", function () {
      document.querySelectorAll(".table-scroll").forEach(focusableWhenScrolling);
    });
    // Tables that htmx swaps in later get their box too.
    document.body.addEventListener("htmx:afterSettle", function () { wrap(document); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
