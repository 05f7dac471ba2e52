/*
 * Autocomplete for every search box (`.search-box[data-suggest-url]`): an ARIA 1.2 combobox.
 *
 * Typing asks /<language>/search/suggest/?q=… for story and hub titles. Arrow keys move through
 * the suggestions, Enter opens the one chosen (or searches for what was typed), Escape closes the
 * list. Without JavaScript the box is a plain search form.
 */
(function () {
    "use strict";

    var DELAY_MS = 150;
    var MIN_LENGTH = 2;

    function setUp(box) {
        var input = box.querySelector('input[role="combobox"]');
        var list = box.querySelector('[role="listbox"]');
        var status = box.querySelector("[data-suggest-status]");
        var url = box.getAttribute("data-suggest-url");
        if (!input || !list || !url) {
            return;
        }
        var timer = null;
        var active = -1;
        var latest = 0;

        function options() {
            return list.querySelectorAll('[role="option"]');
        }

        function close() {
            list.hidden = true;
            list.innerHTML = "";
            active = -1;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
        }

        function choose(index) {
            var items = options();
            if (!items.length) {
                return;
            }
            active = (index + items.length) % items.length;
            items.forEach(function (item, i) {
                item.setAttribute("aria-selected", i === active ? "true" : "false");
            });
            input.setAttribute("aria-activedescendant", items[active].id);
        }

        function announce(count) {
            if (!status) {
                return;
            }
            var template = count === 1 ? status.getAttribute("data-one") : status.getAttribute("data-many");
            status.textContent = count ? template.replace("{count}", String(count)) : "";
        }

        function show(suggestions) {
            list.innerHTML = "";
            active = -1;
            suggestions.forEach(function (suggestion, i) {
                var item = document.createElement("li");
                item.id = list.id + "-" + i;
                item.setAttribute("role", "option");
                item.setAttribute("aria-selected", "false");
                item.className = "search-box__suggestion search-box__suggestion--" + suggestion.kind;
                item.textContent = suggestion.title; // text, never HTML
                item.setAttribute("data-url", suggestion.url);
                item.addEventListener("mousedown", function (event) {
                    event.preventDefault(); // keep the focus in the input
                    window.location.assign(suggestion.url);
                });
                list.appendChild(item);
            });
            var open = suggestions.length > 0;
            list.hidden = !open;
            input.setAttribute("aria-expanded", open ? "true" : "false");
            announce(suggestions.length);
        }

        function fetchSuggestions() {
            var text = input.value.trim();
            if (text.length < MIN_LENGTH) {
                close();
                return;
            }
            var ticket = ++latest;
            fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
                .then(function (response) {
                    return response.ok ? response.json() : { suggestions: [] };
                })
                .then(function (data) {
                    if (ticket === latest) {
                        show(data.suggestions || []);
                    }
                })
                .catch(function () {
                    close(); // search down: the box still submits
                });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(fetchSuggestions, DELAY_MS);
        });

        input.addEventListener("keydown", function (event) {
            var items = options();
            if (event.key === "ArrowDown" && items.length) {
                event.preventDefault();
                choose(active + 1);
            } else if (event.key === "ArrowUp" && items.length) {
                event.preventDefault();
                choose(active - 1);
            } else if (event.key === "Enter" && active >= 0 && items[active]) {
                event.preventDefault();
                window.location.assign(items[active].getAttribute("data-url"));
            } else if (event.key === "Escape") {
                if (!list.hidden) {
                    event.preventDefault();
                }
                close();
            }
        });

        input.addEventListener("blur", function () {
            window.setTimeout(close, 100);
        });
    }

    document.querySelectorAll(".search-box[data-suggest-url]").forEach(setUp);
})();
