/* A copy button for a read-only text field (the embed snippet): shown only where the browser can copy. */
(function () {
  "use strict";
  var button = document.getElementById("embed-copy");
  var status = document.getElementById("embed-copy-status");
  if (!button || !navigator.clipboard) return;
  var field = document.getElementById(button.dataset.copy);
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(
      function () { status.textContent = button.dataset.done; },
      function () {
        field.select();
        status.textContent = button.dataset.failed;
      }
    );
  });
})();
