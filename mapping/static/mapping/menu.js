// The site's menu on a phone: folded behind a "Menu" button so the page (and the map) starts
// under a one-line header. On a wider screen, or without this script, the menu stays unfolded.
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var toggle = header && header.querySelector(".site-header__toggle");
  if (!toggle) { return; }
  var phone = window.matchMedia("(max-width: 40rem)");

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("site-header--open", open);
  }

  function fit() {
    toggle.hidden = !phone.matches;
    header.classList.toggle("site-header--folded", phone.matches);
    setOpen(false);
  }

  toggle.addEventListener("click", function () {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      toggle.focus();
    }
  });
  if (phone.addEventListener) { phone.addEventListener("change", fit); }
  fit();
}());
