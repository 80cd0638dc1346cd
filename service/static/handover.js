// The hand-over picker on the task page: a search box over the people who may take the task. It asks the
// page's JSON (GET /tasks/<id>/candidates?q=) as one types and lists the matches by display name in the select
// next to it. Without JavaScript the select already lists everyone who may take the task.
(function () {
  "use strict";

  function label(person) {
    return person.deputy_display_name ? person.display_name + " → " + person.deputy_display_name : person.display_name;
  }

  function fill(select, people, none, placeholder) {
    var chosen = select.value;
    select.replaceChildren();
    var first = document.createElement("option");
    first.value = "";
    first.textContent = people.length ? placeholder : none;
    select.appendChild(first);
    people.forEach(function (person) {
      var option = document.createElement("option");
      option.value = person.username;
      option.textContent = label(person);
      option.selected = person.username === chosen || people.length === 1;
      select.appendChild(option);
    });
  }

  function wire(search) {
    var select = document.getElementById(search.dataset.candidatesFor);
    if (!select) return;
    var placeholder = select.options.length ? select.options[0].textContent : "";
    var timer = null, asked = 0;
    search.hidden = false;
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mine = ++asked;
        var url = search.dataset.candidatesUrl + "?q=" + encodeURIComponent(search.value.trim());
        fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
          .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
          .then(function (people) { if (mine === asked) fill(select, people, search.dataset.none, placeholder); })
          .catch(function () { /* keep the list as it is */ });
      }, 200);
    });
  }

  document.querySelectorAll("input[data-candidates-url]").forEach(wire);
})();
