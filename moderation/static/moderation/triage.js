/* Keyboard triage for the moderation queues: j/k move, a/r/s act, u undoes, o opens, c shows the
 * commenter's drawer, ? shows keys.
 *
 * Actions post the row's own forms with fetch (JSON answers), so every key does exactly
 * what the buttons do; without this script the buttons still work.
 *
 * "u" undoes the last decision made with the keyboard, whichever row is selected (after "a" the
 * selection has already moved on to the next comment), and says which comment it undid; pressed
 * again, it undoes the decision before. Wagtail replaces the rows when a filter changes: rows are
 * looked up again each time, and an undo needs only the comment's URL.
 */
(function () {
    "use strict";

    var root = document.querySelector("[data-triage]");
    if (!root) {
        return;
    }
    var status = document.querySelector("[data-triage-status]");
    var help = document.getElementById("triage-keys");
    var toggle = root.querySelector("[data-triage-help-toggle]");
    var current = null;
    var decisions = [];  // keyboard decisions, the last one at the end

    function rows() {
        return Array.prototype.slice.call(root.querySelectorAll("[data-row]"));
    }

    function attached(row) {
        return row && row.isConnected ? row : null;
    }

    function describe(row) {
        // The author and the first words of the comment, for the undo message.
        var author = row.querySelector(".queue-row__who strong");
        var text = row.querySelector(".queue-row__text");
        var words = (text ? text.textContent : "").trim().split(/\s+/).slice(0, 6).join(" ");
        return {author: author ? author.textContent.trim() : "", words: words};
    }

    function format(template, values) {
        return template.replace(/%\((\w+)\)s/g, function (match, name) {
            return values[name] === undefined ? match : values[name];
        });
    }

    function showState(row, result) {
        row.dataset.state = result.state;
        row.querySelector("[data-state-label]").textContent = result.state_label;
        row.querySelectorAll('input[name="expected_state"]').forEach(function (input) {
            input.value = result.state;
        });
    }

    function announce(text) {
        status.textContent = "";
        window.setTimeout(function () {
            status.textContent = text;
        }, 50);
    }

    function select(row) {
        if (!row) {
            return;
        }
        if (current) {
            current.removeAttribute("aria-current");
        }
        current = row;
        row.setAttribute("aria-current", "true");
        row.focus({preventScroll: true});
        row.scrollIntoView({block: "nearest"});
    }

    function move(step) {
        var all = rows();
        var index = all.indexOf(attached(current));
        select(all[Math.max(0, Math.min(all.length - 1, index + step))] || all[0]);
    }

    function submit(row, action, extra) {
        var form = row.querySelector('form[data-action="' + action + '"]');
        if (!form) {
            announce(row.dataset.state === action ? "" : action + ": " + "—");
            return;
        }
        var data = new FormData(form);
        Object.keys(extra || {}).forEach(function (key) {
            data.set(key, extra[key]);
        });
        var decision = {
            id: row.dataset.comment,
            url: row.dataset.actionUrl.replace("ACTION", "restore"),
            token: data.get("csrfmiddlewaretoken"),
            about: describe(row)
        };
        post(form.action, data).then(function (result) {
            announce(result.message);
            if (result.ok) {
                showState(row, result);
                row.classList.add("queue-row--done");
                decisions.push(decision);
                move(1);
            }
        }, function () {
            form.submit();
        });
    }

    function post(url, data) {
        return fetch(url, {method: "POST", body: data, credentials: "same-origin", headers: {Accept: "application/json"}})
            .then(function (response) {
                return response.json();
            });
    }

    function undo() {
        var decision = decisions.pop();
        if (!decision) {
            announce(root.dataset.nothingToUndo);
            return;
        }
        var data = new FormData();
        data.set("csrfmiddlewaretoken", decision.token);
        post(decision.url, data).then(function (result) {
            var row = attached(document.getElementById("row-" + decision.id));
            if (!result.ok) {
                announce(result.message);
                return;
            }
            announce(format(root.dataset.undoMessage, {
                author: decision.about.author,
                words: decision.about.words,
                message: result.message
            }));
            if (row) {
                showState(row, result);
                row.classList.remove("queue-row--done");
                select(row);
            }
        }, function () {
            decisions.push(decision);
        });
    }

    function reject(row) {
        var input = row.querySelector("[data-reason]");
        if (!input) {
            return;
        }
        input.focus();
        input.addEventListener("keydown", function onKey(event) {
            if (event.key === "Enter") {
                event.preventDefault();
                input.removeEventListener("keydown", onKey);
                submit(row, "reject", {reason: input.value});
                row.focus();
            } else if (event.key === "Escape") {
                input.removeEventListener("keydown", onKey);
                row.focus();
            }
        });
    }

    function toggleHelp() {
        help.hidden = !help.hidden;
        toggle.setAttribute("aria-expanded", help.hidden ? "false" : "true");
    }

    toggle.addEventListener("click", toggleHelp);
    // The commenter's drawer: their file (moderation/commenter_views.py) beside the rows. Its forms
    // post as on the commenter's own page and come back to the queue.
    var drawer = root.querySelector("[data-commenter-drawer]");
    var opener = null;

    function openDrawer(link) {
        var url = new URL(link.href, window.location.href);
        url.searchParams.set("drawer", "1");
        url.searchParams.set("next", window.location.pathname + window.location.search);
        opener = link;
        return fetch(url, {credentials: "same-origin"}).then(function (response) {
            if (!response.ok) {
                throw new Error("commenter " + response.status);
            }
            return response.text();
        }).then(function (html) {
            drawer.querySelector("[data-commenter-drawer-body]").innerHTML = html;
            drawer.hidden = false;
            drawer.focus();
        }).catch(function () {
            window.location.href = link.href;  // the page itself, without the drawer
        });
    }

    function closeDrawer() {
        drawer.hidden = true;
        drawer.querySelector("[data-commenter-drawer-body]").innerHTML = "";
        if (opener && opener.isConnected) {
            opener.focus();
        }
    }

    if (drawer) {
        drawer.querySelector("[data-commenter-drawer-close]").addEventListener("click", closeDrawer);
        drawer.addEventListener("keydown", function (event) {
            if (event.key === "Escape") {
                event.preventDefault();
                closeDrawer();
            }
        });
    }

    root.addEventListener("click", function (event) {
        var link = event.target.closest("[data-commenter-link]");
        if (link && drawer && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
            event.preventDefault();
            openDrawer(link);
            return;
        }
        var row = event.target.closest("[data-row]");
        if (row && row !== current) {
            select(row);
        }
    });

    // Capture phase: the queue's keys are handled before the admin's global shortcuts.
    document.addEventListener("keydown", function (event) {
        var tag = (event.target.tagName || "").toLowerCase();
        if (event.ctrlKey || event.metaKey || event.altKey || tag === "input" || tag === "textarea" || tag === "select") {
            return;
        }
        if (event.key === "?") {
            // Ours, not Wagtail's own shortcuts dialog (which would trap focus over the queue).
            event.preventDefault();
            event.stopImmediatePropagation();
            toggleHelp();
            return;
        }
        if (event.key === "u") {
            event.preventDefault();
            undo();
            return;
        }
        current = attached(current);
        if (drawer && !drawer.hidden && drawer.contains(event.target)) {
            return;  // keys typed in the drawer are the drawer's (Escape closes it)
        }
        if (!current && ["j", "k", "a", "r", "s", "o", "c"].indexOf(event.key) !== -1) {
            select(rows()[0]);
            if (event.key === "j" || event.key === "k") {
                event.preventDefault();
                return;
            }
        }
        if (!current) {
            return;
        }
        var actions = {
            j: function () { move(1); },
            k: function () { move(-1); },
            a: function () { submit(current, "approve"); },
            s: function () { submit(current, "spam"); },
            u: undo,
            r: function () { reject(current); },
            o: function () { window.location.href = current.dataset.historyUrl; },
            c: function () {
                var link = current.querySelector("[data-commenter-link]");
                if (link && drawer) {
                    openDrawer(link);
                }
            }
        };
        if (actions[event.key]) {
            event.preventDefault();
            actions[event.key]();
        }
    }, true);
}());
