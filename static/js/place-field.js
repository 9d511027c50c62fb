/* Place fields: while typing, the gazetteer's places (names, postcodes, close spellings) fill
 * the field's <datalist>, which browsers offer with the keyboard. Without JavaScript the field
 * is plain text and the server understands it all the same. Names reach the list as values,
 * never as HTML. */
(function () {
  "use strict";

  function attach(field) {
    var list = document.getElementById(field.getAttribute("list"));
    var url = field.getAttribute("data-gazetteer");
    var timer = null;
    var asked = "";
    if (!list || !url) return;
    field.addEventListener("input", function () {
      var value = field.value.trim();
      clearTimeout(timer);
      if (value.length < 2 || value === asked) return;
      timer = setTimeout(function () {
        asked = value;
        fetch(url + "?q=" + encodeURIComponent(value), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.results.forEach(function (place) {
              var option = document.createElement("option");
              option.value = place.label || place.name;
              option.label = [place.postcodes && place.postcodes[0], place.kommune].filter(Boolean).join(" · ");
              list.appendChild(option);
            });
          })
          .catch(function () { /* the plain field still works */ });
      }, 150);
    });
  }

  document.querySelectorAll("input[data-gazetteer][list]").forEach(attach);
})();
