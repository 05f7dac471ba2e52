/* The queue's story filter: as the moderator types, suggest the titles of the stories of their hubs.
 *
 * Listens on the document, so that it keeps working when Wagtail replaces the filters
 * after a search. The server only ever answers with stories of the user's own hubs.
 */
(function () {
    "use strict";

    if (window.townsquareStoryAutocomplete) {
        return;
    }
    window.townsquareStoryAutocomplete = true;
    var timer = null;
    var lastQuery = null;

    function suggest(input) {
        var query = input.value.trim();
        var list = document.getElementById(input.getAttribute("list"));
        if (!list || query.length < 2 || query === lastQuery) {
            return;
        }
        lastQuery = query;
        var url = input.dataset.storyAutocomplete + "?q=" + encodeURIComponent(query);
        fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
            .then(function (response) {
                return response.ok ? response.json() : {results: []};
            })
            .then(function (data) {
                list.replaceChildren();
                data.results.forEach(function (story) {
                    var option = document.createElement("option");
                    option.value = story.title;
                    option.label = story.hub;
                    list.appendChild(option);
                });
            }, function () {
                lastQuery = null;
            });
    }

    document.addEventListener("input", function (event) {
        var input = event.target;
        if (!input.matches || !input.matches("input[data-story-autocomplete]")) {
            return;
        }
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
            suggest(input);
        }, 200);
    });
}());
