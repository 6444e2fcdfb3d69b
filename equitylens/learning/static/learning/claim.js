// Claim form, progressive enhancement (the form works the same without it):
// - MOC details (board ID, birth month/day, consent) show only once a board is ticked;
// - the button is disabled once submitted so a double click sends one request.
//   The server is the real guard (one claim per enrollment); this only spares a reload.
(function () {
  "use strict";
  document.querySelectorAll("form[data-claim-form]").forEach(function (form) {
    var boards = form.querySelectorAll("input[data-moc-board]");
    var details = form.querySelector("[data-moc-details]");

    function showMocDetails() {
      var anyTicked = false;
      boards.forEach(function (box) {
        var row = box.closest(".claim-row");
        var boardId = row && row.querySelector("[data-moc-board-id]");
        if (boardId) { boardId.hidden = !box.checked; }
        if (box.checked) { anyTicked = true; }
      });
      if (details) { details.hidden = !anyTicked; }
    }

    boards.forEach(function (box) { box.addEventListener("change", showMocDetails); });
    showMocDetails();

    form.addEventListener("submit", function () {
      var button = form.querySelector("[data-claim-submit]");
      if (!button) { return; }
      window.setTimeout(function () {
        button.disabled = true;
        button.textContent = "Claiming…";
      }, 0);
    });
  });
})();
