// Skills survey: "Add another skill" adds a row in the page instead of reloading it.
// Without this file the button submits the form and the server adds the row.
(function () {
  "use strict";
  var form = document.querySelector("[data-module='skills-survey']");
  if (!form) return;
  var button = form.querySelector("[data-add-line]");
  var template = document.getElementById("skill-line-template");
  var lines = form.querySelector("[data-skill-lines]");
  var total = form.querySelector("input[name='lines-TOTAL_FORMS']");
  var max = form.querySelector("input[name='lines-MAX_NUM_FORMS']");
  if (!button || !template || !lines || !total) return;

  button.addEventListener("click", function (event) {
    var index = parseInt(total.value, 10);
    if (isNaN(index)) return; // let the server explain what went wrong
    if (max && index >= parseInt(max.value, 10)) return;
    event.preventDefault();
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    lines.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("select, input");
    if (first) first.focus();
  });

  // Show the new-business details only when they are needed.
  var section = document.getElementById("new-organisation");
  var existing = form.querySelector("input[name='organisation']");
  var radios = form.querySelectorAll("input[name='who']");
  function sync() {
    var choice = form.querySelector("input[name='who']:checked");
    var value = choice ? choice.value : "";
    if (section) section.hidden = value !== "new";
    if (existing) {
      var group = existing.closest(".form-group");
      if (group) group.hidden = value !== "existing";
    }
  }
  if (radios.length) {
    radios.forEach(function (radio) { radio.addEventListener("change", sync); });
    sync();
  }
})();
