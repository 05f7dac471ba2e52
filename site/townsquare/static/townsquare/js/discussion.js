/* Townsquare discussion: small enhancements over plain links and forms.
 *
 * The story page is cacheable, so it carries no CSRF token and no form
 * security data: they are fetched here, fresh, and again before posting if
 * the page has been open for long. Every action also works without this
 * script: "Write a comment", "Reply", "Load more" and "Like" are plain links.
 */
(function () {
    "use strict";

    var section = document.getElementById("comments");
    if (!section || !section.dataset.formDataUrl) {
        return;
    }
    var form = section.querySelector("[data-comment-form]");
    var compose = document.getElementById("compose");
    var csrfToken = "";
    var fetchedAt = 0;
    var MAX_AGE_MS = 90 * 60 * 1000; // the server accepts form data for two hours

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
                }
            });
    }

    if (form) {
        refreshSecurity().then(function () {
            form.hidden = false;
        });
        form.addEventListener("submit", function (event) {
            if (Date.now() - fetchedAt < MAX_AGE_MS) {
                return;
            }
            event.preventDefault();
            refreshSecurity().then(function () {
                form.submit();
            });
        });
    }

    function replyTo(link) {
        var comment = link.closest("article");
        form.elements.reply_to.value = link.dataset.replyTo;
        var note = form.querySelector("[data-reply-note]");
        note.querySelector("[data-reply-label]").textContent = link.dataset.replyLabel;
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
        if (target.dataset.replyTo && form && !form.hidden) {
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
        } else if (target.dataset.like) {
            event.preventDefault();
            // Pages without a form (a single conversation, closed stories) fetch the token on first use.
            (csrfToken ? Promise.resolve() : refreshSecurity()).then(function () {
                return fetch(target.dataset.like, {
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
