/* Townsquare discussion: small enhancements over plain links and forms.
 *
 * The story page is cacheable, so it carries no CSRF token, no form security
 * data and no challenge: they are fetched here, fresh, and again before posting
 * if the page has been open for long. Every action also works without this
 * script: "Write a comment", "Reply", "Load more" and "Like" are plain links.
 *
 * The challenge (ALTCHA's proof of work, checked on the server by
 * moderation/challenge.py) is solved by ALTCHA's widget (<altcha-widget>,
 * from the npm registry, served from our static files under vendor/altcha/)
 * in a Web Worker while the visitor types; posting waits for it if needed.
 * Without a solution (no JavaScript, a widget that fails or never loads) the
 * comment is still posted, and read by a moderator first.
 *
 * The character counter counts as the server does: a typed line break is one
 * character, spaces around the text do not count, and characters outside the
 * Basic Multilingual Plane (most emoji) count once.
 */
(function () {
    "use strict";

    // A widget that has not answered by then is given up: the comment is posted without a solution (held).
    var GIVE_UP_MS = 20000;

    // Resolves once ``widget`` (an <altcha-widget>) takes calls: defined, and its component mounted.
    function widgetReady(widget) {
        return window.customElements.whenDefined("altcha-widget").then(function () {
            if (typeof widget.getState === "function" && widget.getState()) {
                return;
            }
            return new Promise(function (resolve) {
                widget.addEventListener("load", resolve, {once: true});
            });
        });
    }

    // Hand ``challenge`` to the form's widget and solve it; the promise resolves once the solution is
    // in the form (the widget's hidden "altcha" field), or once the widget failed or was given up.
    function startChallenge(form, challenge) {
        var widget = form.querySelector("altcha-widget");
        form.challengeSolved = new Promise(function (resolve) {
            if (!widget || !window.customElements || !window.Worker) {
                resolve();
                return;
            }
            window.setTimeout(resolve, GIVE_UP_MS);
            widgetReady(widget).then(function () {
                widget.addEventListener("statechange", function settled(event) {
                    if (event.detail.state === "verified" || event.detail.state === "error") {
                        widget.removeEventListener("statechange", settled);
                        resolve();
                    }
                });
                widget.reset();
                widget.configure({challenge: challenge});
                widget.verify();
            });
        });
        return form.challengeSolved;
    }

    // ALTCHA's widget marks its checkbox required until the challenge is solved, so the browser
    // would refuse a post made while it solves (or after it failed) without even firing "submit".
    // Posting waits for the solution instead: the forms skip the browser's checks (noValidate), and
    // this runs them on the visitor's own fields, with the browser's own messages.
    function visitorFieldsValid(form) {
        return Array.prototype.every.call(form.elements, function (field) {
            return field.closest("altcha-widget") || !field.willValidate || field.reportValidity();
        });
    }

    function setUpCounter(form) {
        var textarea = form.elements.comment;
        var counter = form.querySelector("[data-counter]");
        if (!textarea || !counter) {
            return;
        }
        var max = parseInt(counter.dataset.maxLength, 10);
        var lang = document.documentElement.lang || undefined;
        function format(template, values) {
            return template.replace(/\{(\w+)\}/g, function (whole, name) {
                return values[name].toLocaleString(lang);
            });
        }
        function update() {
            var count = Array.from(textarea.value.replace(/\r\n/g, "\n").trim()).length;
            var over = count - max;
            counter.textContent = format(over > 0 ? counter.dataset.over : counter.dataset.counting, {
                count: count,
                max: max,
                over: over
            });
            counter.classList.toggle("comment-counter--over", over > 0);
            if (over > 0) {
                counter.setAttribute("data-over-limit", "");
                counter.setAttribute("role", "alert");
            } else {
                counter.removeAttribute("data-over-limit");
                counter.removeAttribute("role");
            }
            counter.hidden = false;
        }
        textarea.addEventListener("input", update);
        update();
    }

    // The write page (no cached page: its challenge is in the form).
    Array.prototype.forEach.call(document.querySelectorAll("form[data-altcha-challenge]"), function (form) {
        setUpCounter(form);
        form.noValidate = true; // see visitorFieldsValid
        startChallenge(form, JSON.parse(form.dataset.altchaChallenge));
        form.addEventListener("submit", function (event) {
            if (form.dataset.solved) {
                return;
            }
            event.preventDefault();
            if (form.getAttribute("aria-busy") === "true" || !visitorFieldsValid(form)) {
                return; // already on its way (a second click), or a field to fix first
            }
            form.setAttribute("aria-busy", "true");
            form.challengeSolved.then(function () {
                form.dataset.solved = "1";
                form.submit();
            });
        });
    });

    // A page restored from the back-forward cache takes a post again.
    window.addEventListener("pageshow", function (event) {
        if (event.persisted) {
            Array.prototype.forEach.call(document.querySelectorAll("form[aria-busy]"), function (busy) {
                busy.removeAttribute("aria-busy");
            });
        }
    });

    var section = document.getElementById("comments");
    if (!section || !section.dataset.formDataUrl) {
        return;
    }
    var form = section.querySelector("[data-comment-form]");
    var compose = document.getElementById("compose");
    var csrfToken = "";
    var fetchedAt = 0;
    var MAX_AGE_MS = 90 * 60 * 1000; // the server accepts form data and challenges for two hours

    function refreshSecurity() {
        return fetch(section.dataset.formDataUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
            .then(function (response) {
                if (!response.ok) {
                    throw new Error("form data " + response.status);
                }
                return response.json();
            })
            .then(function (data) {
                csrfToken = data.csrf_token;
                fetchedAt = Date.now();
                if (form) {
                    form.elements.csrfmiddlewaretoken.value = data.csrf_token;
                    form.elements.timestamp.value = data.timestamp;
                    form.elements.security_hash.value = data.security_hash;
                    startChallenge(form, data.altcha);
                }
            });
    }

    if (form) {
        setUpCounter(form);
        form.noValidate = true; // see visitorFieldsValid
        refreshSecurity().then(function () {
            form.hidden = false;
        });
        form.addEventListener("submit", function (event) {
            // Fresh data when the page has been open for long; then wait for the challenge's solution.
            event.preventDefault();
            if (form.getAttribute("aria-busy") === "true" || !visitorFieldsValid(form)) {
                return; // already on its way (a second click), or a field to fix first
            }
            form.setAttribute("aria-busy", "true");
            (Date.now() - fetchedAt < MAX_AGE_MS ? Promise.resolve() : refreshSecurity()).then(function () {
                return form.challengeSolved;
            }).then(function () {
                form.submit();
            });
        });
    }

    function replyTo(link) {
        // The comment's id and author are on its article ("c123"); the words around the name
        // come translated once, on the discussion's section.
        var comment = link.closest("article");
        form.elements.reply_to.value = comment.id.slice(1);
        var note = form.querySelector("[data-reply-note]");
        var author = comment.querySelector(".comment__author").textContent;
        note.querySelector("[data-reply-label]").textContent = section.dataset.replyingTo.replace("%(name)s", author);
        note.hidden = false;
        comment.insertAdjacentElement("afterend", form);
        form.elements.comment.focus();
    }

    function cancelReply() {
        form.elements.reply_to.value = "0";
        form.querySelector("[data-reply-note]").hidden = true;
        compose.appendChild(form);
        form.elements.comment.focus();
    }

    function loadFragment(url) {
        return fetch(url, {credentials: "same-origin"}).then(function (response) {
            if (!response.ok) {
                throw new Error("fragment " + response.status);
            }
            return response.text();
        });
    }

    section.addEventListener("click", function (event) {
        var target = event.target.closest("a, button");
        if (!target) {
            return;
        }
        if (target.hasAttribute("data-reply-to") && form && !form.hidden) {
            event.preventDefault();
            replyTo(target);
        } else if (target.hasAttribute("data-cancel-reply")) {
            event.preventDefault();
            cancelReply();
        } else if (target.dataset.loadMore) {
            event.preventDefault();
            var item = target.closest("li");
            target.setAttribute("aria-busy", "true");
            loadFragment(target.dataset.loadMore).then(function (html) {
                var first = item.nextElementSibling;
                item.insertAdjacentHTML("beforebegin", html);
                item.remove();
                var next = first ? first : section.querySelector(".threads > li.thread:last-of-type");
                if (next) {
                    next.setAttribute("tabindex", "-1");
                }
            }, function () {
                window.location.href = target.href;
            });
        } else if (target.dataset.moreReplies) {
            event.preventDefault();
            loadFragment(target.dataset.moreReplies).then(function (html) {
                var thread = target.closest("li.thread");
                var list = thread.querySelector("ol.replies");
                if (!list) {
                    list = document.createElement("ol");
                    list.className = "replies";
                    target.insertAdjacentElement("beforebegin", list);
                }
                list.insertAdjacentHTML("beforeend", html);
                target.remove();
            }, function () {
                window.location.href = target.href;
            });
        } else if (target.hasAttribute("data-like")) {
            event.preventDefault();
            // Pages without a form (a single conversation, closed stories) fetch the token on first use.
            (csrfToken ? Promise.resolve() : refreshSecurity()).then(function () {
                return fetch(target.href, {
                    method: "POST",
                    credentials: "same-origin",
                    headers: {"X-CSRFToken": csrfToken, Accept: "application/json"}
                });
            }).then(function (response) {
                return response.ok ? response.json() : Promise.reject(response.status);
            }).then(function (data) {
                target.querySelector(".like-count").textContent = data.likes;
                target.setAttribute("aria-pressed", data.liked ? "true" : "false");
            }, function () {
                window.location.href = target.href;
            });
        }
    });
}());
