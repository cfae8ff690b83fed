// Starts Pagefind's search box on the search page. Everything it loads (its script, its
// WebAssembly, the index) comes from this site's own /pagefind/ folder. A query arriving
// from the header's search form (`?q=`) runs at once.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof window.PagefindUI !== "function") {
    return;
  }
  var ui = new window.PagefindUI({
    element: "#search",
    // Result links are site paths: under a sub-path (`/clinic/`) they start with it.
    baseUrl: box.getAttribute("data-base-path") || "/",
    showImages: false,
    showSubResults: true,
    resetStyles: false,
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
