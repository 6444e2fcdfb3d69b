// The coordinator's activity form, made quicker with JavaScript (it works without it):
// date labels follow the format, objectives can be added and moved with buttons,
// organizations show only for an internal audience, and forms submit once.
(function () {
  "use strict";

  function switchDateLabels(form) {
    var format = form.querySelector("#id_format");
    if (!format) return;
    function apply() {
      var kind = format.value === "enduring" ? "enduring" : "live";
      ["id_starts_on", "id_ends_on"].forEach(function (id) {
        var input = document.getElementById(id);
        var label = form.querySelector('label[for="' + id + '"]');
        var help = document.getElementById(id + "_helptext");
        if (!input || !label) return;
        label.textContent = input.getAttribute("data-label-" + kind);
        if (help) help.textContent = input.getAttribute("data-help-" + kind);
      });
    }
    format.addEventListener("change", apply);
  }

  function showOrganizationsForInternal(form) {
    var box = form.querySelector("[data-internal-only]");
    var radios = form.querySelectorAll('input[name="audience"]');
    if (!box || !radios.length) return;
    function apply() {
      var chosen = form.querySelector('input[name="audience"]:checked');
      var hasError = box.querySelector(".errorlist");
      box.hidden = !hasError && !(chosen && chosen.value === "internal");
    }
    radios.forEach(function (radio) { radio.addEventListener("change", apply); });
    apply();
  }

  function objectiveList(form) {
    var list = form.querySelector("[data-objectives]");
    var template = form.querySelector("[data-objective-template]");
    var total = form.querySelector('input[name="objectives-TOTAL_FORMS"]');
    var status = form.querySelector("[data-objectives-status]");
    if (!list || !template || !total) return;
    list.classList.add("objectives--enhanced");
    var help = document.getElementById("objectives-help");
    if (help && help.getAttribute("data-enhanced-help")) {
      help.textContent = help.getAttribute("data-enhanced-help");
    }

    function rows() { return Array.prototype.slice.call(list.querySelectorAll("[data-objective]")); }

    function renumber() {
      rows().forEach(function (row, index) {
        row.querySelectorAll("[data-objective-number]").forEach(function (span) {
          span.textContent = String(index + 1);
        });
        var order = row.querySelector('input[name$="-ORDER"]');
        if (order) order.value = String(index + 1);
        var up = row.querySelector("[data-move=up]");
        var down = row.querySelector("[data-move=down]");
        if (up) up.disabled = index === 0;
        if (down) down.disabled = index === rows().length - 1;
      });
    }

    function button(text, hidden, direction) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button button--secondary button--small";
      b.setAttribute("data-move", direction);
      b.appendChild(document.createTextNode(text));
      var span = document.createElement("span");
      span.className = "visually-hidden";
      span.textContent = hidden;
      b.appendChild(span);
      return b;
    }

    function enhance(row) {
      var controls = row.querySelector(".objective__controls");
      if (!controls || controls.querySelector("[data-move]")) return;
      controls.appendChild(button("Move up", " this objective", "up"));
      controls.appendChild(button("Move down", " this objective", "down"));
    }

    list.addEventListener("click", function (event) {
      var target = event.target.closest("[data-move]");
      if (!target) return;
      var row = target.closest("[data-objective]");
      var direction = target.getAttribute("data-move");
      if (direction === "up" && row.previousElementSibling) {
        list.insertBefore(row, row.previousElementSibling);
      } else if (direction === "down" && row.nextElementSibling) {
        list.insertBefore(row.nextElementSibling, row);
      }
      renumber();
      var again = row.querySelector('[data-move="' + direction + '"]');
      (again && !again.disabled ? again : row.querySelector("textarea")).focus();
      if (status) status.textContent = "Objective moved to position " + (rows().indexOf(row) + 1) + ".";
    });

    var add = document.createElement("button");
    add.type = "button";
    add.className = "button button--secondary";
    add.textContent = "Add an objective";
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("ol");
      holder.innerHTML = html;
      var row = holder.querySelector("[data-objective]");
      list.appendChild(row);
      total.value = String(index + 1);
      enhance(row);
      renumber();
      row.querySelector("textarea").focus();
    });
    list.parentNode.insertBefore(add, list.nextSibling);

    rows().forEach(enhance);
    renumber();
  }

  function submitOnce() {
    document.querySelectorAll("form[data-once], form[data-activity-form]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        form.querySelectorAll("button[type=submit]").forEach(function (b) {
          b.setAttribute("aria-disabled", "true");
          b.classList.add("is-busy");
        });
        if (form.dataset.submitted) {
          event.preventDefault();
        }
        form.dataset.submitted = "1";
      });
    });
    // Coming back with the browser's Back button: allow submitting again.
    window.addEventListener("pageshow", function () {
      document.querySelectorAll("form[data-submitted]").forEach(function (form) {
        delete form.dataset.submitted;
        form.querySelectorAll(".is-busy").forEach(function (b) {
          b.classList.remove("is-busy");
          b.removeAttribute("aria-disabled");
        });
      });
    });
  }

  function focusErrors() {
    var summary = document.getElementById("transition-problems") || document.getElementById("error-summary");
    if (summary) summary.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-activity-form]");
    if (form) {
      switchDateLabels(form);
      showOrganizationsForInternal(form);
      objectiveList(form);
    }
    submitOnce();
    focusErrors();
  });
})();
