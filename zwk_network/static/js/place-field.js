/* Place fields: while typing, the gazetteer's places (names, postcodes, close spellings) are
 * offered in a list below the field – a combobox as the ARIA Authoring Practices describe it
 * ("list autocomplete with manual selection"): ↓/↑ move through the list, Enter takes the
 * highlighted place (without sending the form), Escape closes the list, a click takes a place
 * too. Browsers' own <datalist> popups differ widely and cannot be reached the same way
 * everywhere, so the list is ours. Without JavaScript the field is plain text and the server
 * understands it all the same. Names reach the list as text, never as HTML. */
(function () {
  "use strict";

  function attach(field) {
    var url = field.getAttribute("data-gazetteer");
    if (!url) return;
    var list = document.createElement("ul");
    list.id = field.id + "-places";
    list.className = "place-options";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", field.getAttribute("data-places-label") || "");
    list.hidden = true;
    var box = document.createElement("div");  // the list hangs below the field itself
    box.className = "place-input";
    field.parentNode.insertBefore(box, field);
    box.appendChild(field);
    box.appendChild(list);
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    box.insertAdjacentElement("afterend", status);
    field.setAttribute("role", "combobox");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-expanded", "false");
    field.setAttribute("aria-controls", list.id);

    var timer = null;
    var asked = "";
    var active = -1;

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
    }

    function open(show) {
      list.hidden = !show;
      field.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) highlight(-1);
    }

    function highlight(index) {
      var all = options();
      active = index;
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0 && all[index]) {
        field.setAttribute("aria-activedescendant", all[index].id);
        all[index].scrollIntoView({ block: "nearest" });
      } else {
        field.removeAttribute("aria-activedescendant");
      }
    }

    function take(option) {
      field.value = option.getAttribute("data-value");
      asked = field.value.trim();
      open(false);
      field.focus();
    }

    function show(places) {
      list.textContent = "";
      places.forEach(function (place, index) {
        var option = document.createElement("li");
        option.id = list.id + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-value", place.label || place.name);
        option.appendChild(document.createTextNode(place.label || place.name));
        var meta = [place.postcodes && place.postcodes[0], place.kommune].filter(Boolean).join(" · ");
        if (meta) {
          var small = document.createElement("span");
          small.className = "meta";
          small.textContent = " " + meta;
          option.appendChild(small);
        }
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the focus
        option.addEventListener("click", function () { take(option); });
        list.appendChild(option);
      });
      active = -1;
      open(places.length > 0 && document.activeElement === field);
      var count = field.getAttribute("data-count-label") || "{n}";
      status.textContent = places.length ? count.replace("{n}", String(places.length)) : "";
    }

    field.addEventListener("input", function () {
      var value = field.value.trim();
      clearTimeout(timer);
      if (value.length < 2) {
        open(false);
        return;
      }
      if (value === asked) return;
      timer = setTimeout(function () {
        asked = value;
        fetch(url + "?q=" + encodeURIComponent(value), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            if (field.value.trim() === value) show(data.results);
          })
          .catch(function () { /* the plain field still works */ });
      }, 150);
    });

    field.addEventListener("keydown", function (event) {
      var all = options();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!all.length) return;
        event.preventDefault();
        if (list.hidden) {
          open(true);
          highlight(event.key === "ArrowDown" ? 0 : all.length - 1);
        } else {
          var step = event.key === "ArrowDown" ? 1 : -1;
          var first = step > 0 ? 0 : all.length - 1;
          highlight(active < 0 ? first : (active + step + all.length) % all.length);  // round the ends
        }
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();  // take the place; a second Enter sends the form
        take(all[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        open(false);
      }
    });
    field.addEventListener("blur", function () { open(false); });
  }

  document.querySelectorAll("input[data-gazetteer]").forEach(attach);
})();
