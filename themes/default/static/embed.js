// carepress: click-to-load embeds. A facade (.embed__frame) names the frame it stands
// for in data-embed-src; nothing is requested from the vendor until the reader clicks.
(function () {
  document.querySelectorAll(".embed__frame[data-embed-src]").forEach(function (box) {
    var src = box.getAttribute("data-embed-src") || "";
    var button = box.querySelector(".embed__load");
    if (!button || src.indexOf("https://") !== 0) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = src;
      frame.title = box.getAttribute("data-embed-title") || "";
      frame.allow = box.getAttribute("data-embed-allow") || "";
      frame.setAttribute("allowfullscreen", "");
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      box.replaceChildren(frame);
      frame.focus();
    });
  });
})();
