"""Every measurement of the benchmark, each beside its anchor, in the same process and run.

Counts (queries, bytes, lost comments) do not depend on the machine; times do, so each time is
reported with the anchor timed the same way, on the same data, in the same run: the ratio is what
matters. In-process times are medians of repeated ``time.perf_counter`` runs after a warm-up.
"""

import datetime
import statistics
import time
import traceback
from pathlib import Path
from urllib.parse import unquote

from django.contrib.auth.models import AnonymousUser
from django.db import connection, reset_queries, transaction
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from moderation.models import Comment


def count_queries(function, in_transaction=False):
    """(queries run by ``function``, its result). ``in_transaction``: inside a transaction, as a
    request runs an action, so that the work it leaves for after the commit (index updates and
    e-mails, background tasks in production) is not counted."""
    reset_queries()  # the log keeps 9,000 queries at most: a full one would count nothing new
    if in_transaction:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            result = function()
    else:
        with CaptureQueriesContext(connection) as queries:
            result = function()
    return len(queries), result


REPO = Path(__file__).resolve().parent.parent
# Townsquare's own code: the apps and the project, not the benchmark that calls them or the
# libraries installed in the virtual environment.
_OURS = tuple(
    str(REPO / folder) + "/"
    for folder in ("communities", "stories", "moderation", "listening", "insights", "search", "site")
)


def is_townsquare_frame(filename):
    return filename.startswith(_OURS) and "/.venv/" not in filename


def query_origin(stack):
    """Who asked for a query, from its call stack: the innermost frame that is Townsquare's code,
    Wagtail's, or one of Django's own apps (auth, sessions, contenttypes), past the machinery
    that runs every query (the ORM, templates, lazy objects, middleware plumbing). A hook, view or
    template tag of ours that queries is Townsquare's; Wagtail's menus and permission policies,
    and Django loading the session and user, are theirs."""
    for frame in reversed(stack):
        filename = frame.filename
        if is_townsquare_frame(filename):
            return "townsquare"
        if "/site-packages/wagtail/" in filename or "/site-packages/django/contrib/" in filename:
            return "wagtail"
    return "wagtail"


def queries_by_origin(function):
    """``{"townsquare": n, "wagtail": n}``: the queries ``function`` ran, split by who asked
    (``query_origin``); "wagtail" counts Wagtail's and Django's own apps'."""
    counts = {"townsquare": 0, "wagtail": 0}

    def count(execute, sql, params, many, context):
        counts[query_origin(traceback.extract_stack())] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        function()
    return counts


def median_ms(function, runs, warmup=2):
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def p95_ms(samples):
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def _get(client, url, **extra):
    response = client.get(url, **extra)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


# The story page ------------------------------------------------------------------------------


def story_page_queries(discussions):
    """Queries of the whole story page (anonymous) for each discussion size."""
    client = Client()
    counts = {}
    for size, story in discussions.items():
        _get(client, story.url)  # warm renditions and caches
        counts[size], _ = count_queries(lambda story=story: _get(client, story.url))
    return counts


def _request():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


XTD_TREE = Template("{% load comments_xtd %}{% render_xtdcomment_tree for story %}")


def xtd_tree_html(story):
    request = _request()
    return XTD_TREE.render(Context({"story": story, "request": request, "user": request.user}))


def xtd_tree_queries(discussions):
    """The anchor: django-comments-xtd's own tree tag on the same comments."""
    return {size: count_queries(lambda story=story: xtd_tree_html(story))[0] for size, story in discussions.items()}


def townsquare_thread_html(story):
    """Townsquare's renderer over the whole discussion: every thread, every reply, in one query."""
    from moderation.discussion import thread
    from moderation.discussion.common import discussion_flags

    comments = list(
        Comment.objects.select_related(
            "feedback"
        )  # as moderation.discussion.thread reads them: the team's responses too
        .filter(page=story, state=Comment.State.PUBLISHED)
        .only(*thread.COLUMNS)
        .order_by("thread_id", "order")
    )
    threads, by_id = [], {}
    for comment in comments:
        if comment.level == 0:
            by_id[comment.thread_id] = thread.Thread(comment)
            threads.append(by_id[comment.thread_id])
        elif comment.thread_id in by_id:
            by_id[comment.thread_id].replies.append(comment)
    page = thread.ThreadPage(threads=threads, total=len(comments), number=1, sort="oldest", has_next=False)
    context = {**discussion_flags(story), "thread_page": page, "show_all": True}
    return render_to_string("moderation/discussion/threads_fragment.html", context, request=_request())


FAIR_BARE = Template(
    '{% for c in comments %}<article class="comment" id="c{{ c.pk }}"><header><span>{{ c.user_name }}</span> '
    '<a href="{{ base }}{{ c.pk }}/"><time datetime="{{ c.submit_date|date:"c" }}">'
    '{{ c.submit_date|date:"DATETIME_FORMAT" }}</time></a></header><div>{{ c.html|safe }}</div>'
    '<footer><a href="{{ base }}{{ c.pk }}/like/">Like {{ c.like_count }}</a> '
    '<a href="{{ base }}write/?reply_to={{ c.pk }}">Reply</a> <a href="{{ base }}{{ c.pk }}/report/">Report</a>'
    "</footer></article>{% endfor %}"
)


def fair_bare_html(story):
    """The fair anchor: the same query as Townsquare's renderer, the fields its comments show
    (author, permalink and date, body, likes, reply and report links), in one plain template
    loop with addresses joined as strings: what any renderer of these comments must do."""
    from moderation.discussion import thread

    comments = (
        Comment.objects.select_related("feedback")
        .filter(page=story, state=Comment.State.PUBLISHED)
        .only(*thread.COLUMNS)
        .order_by("thread_id", "order")
    )
    return FAIR_BARE.render(Context({"comments": comments, "base": "/en/comments/"}))


def interleaved_ms(functions, rounds, warmup=2):
    """``{name: {"min", "median", "max"}}`` in ms: each function timed once per round, in turn,
    ``rounds`` rounds (A/B/A/B...), so that a slow moment of the machine falls on all of them."""
    for function in functions.values():
        for _ in range(warmup):
            function()
    samples = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            samples[name].append((time.perf_counter() - start) * 1000)
    return {
        name: {"min": min(times), "median": statistics.median(times), "max": max(times)}
        for name, times in samples.items()
    }


def renderers(story, runs):
    """Rendering the same 1,000 comments, queries included: Townsquare, the fair bare template,
    xtd's tree tag; interleaved rounds (at least 5)."""
    rounds = max(5, runs)
    spread = interleaved_ms(
        {"story_page": lambda: townsquare_thread_html(story), "fair_bare": lambda: fair_bare_html(story)}, rounds
    )
    return {
        "story_page_ms": spread["story_page"]["median"],
        "fair_bare_ms": spread["fair_bare"]["median"],
        "render_rounds": {"rounds": rounds, **spread},
        "xtd_tree_ms": median_ms(lambda: xtd_tree_html(story), max(3, runs // 3)),
        "comments_rendered": Comment.objects.filter(page=story, state=Comment.State.PUBLISHED).count(),
    }


def post_statements(story, user):
    """SQL statements of one signed-in post through the real form, every one from the request to
    the redirect (BEGIN and COMMIT included): a top-level comment, then a reply to it, and of each
    how many run after the commit (``{"post": n, "post after commit": n, "reply": n, ...}``)."""
    from benchmarks.load import POST_PATH, _solutions, comment_form

    client = Client()
    client.force_login(user)
    # As on a running site (and as tests/stories/test_comment_post_queries.py counts): the visitor
    # read the story first, and the process has posted before.
    _get(client, story.url)
    counts = {}
    for kind in ("warm-up", "post", "reply"):
        reply_to = Comment.objects.filter(page=story, level=0).latest("pk").pk if kind == "reply" else 0
        (solution,) = _solutions(1, per_second=1)
        data = {
            **comment_form(story),
            "reply_to": str(reply_to),
            "comment": f"A {kind} to count.",
            "altcha": unquote(solution),
        }
        with CaptureQueriesContext(connection) as queries:
            response = client.post(POST_PATH, data)
        if response.status_code != 302:
            raise RuntimeError(f"the {kind} was not accepted ({response.status_code})")
        sqls = [query["sql"] for query in queries.captured_queries]
        commit = max((n for n, sql in enumerate(sqls) if sql == "COMMIT"), default=len(sqls) - 1)
        counts[kind] = len(sqls)
        # What runs once the comment is stored: the page cache's purge, the search update queued.
        counts[f"{kind} after commit"] = len(sqls) - commit - 1
    return {kind: count for kind, count in counts.items() if not kind.startswith("warm-up")}


def first_response_kb(story):
    response = _get(Client(), story.url)
    return {"first_response_kb": len(response.content) / 1024, "xtd_tree_kb": len(xtd_tree_html(story)) / 1024}


def cached_speedup(story, runs):
    """An anonymous story page rendered each time, then served from the whole-page cache."""
    client = Client()
    uncached = median_ms(lambda: _get(client, story.url), runs)
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=600):
        cached = median_ms(lambda: _get(client, story.url), runs * 3)
    return {"uncached_ms": uncached, "cached_ms": cached, "cached_speedup": uncached / cached}


# Where a comment POST's time goes: (label, module file suffix, function name), each counted with
# everything it calls. The rest is Django's and Wagtail's request handling.
POST_PROFILE_PARTS = (
    ("SQL statements (all of them)", "django/db/backends/utils.py", "_execute"),
    ("offensive-language score", "moderation/policy.py", "profanity_scores"),
    ("policy (word lists, blocks, decision)", "moderation/policy.py", "decide"),
    ("formatting the text (Markdown, nh3)", "moderation/sanitize.py", "render_comment"),
    ("the anti-spam challenge", "moderation/discussion/forms.py", "consume_solution"),
    ("form validation", "django/forms/forms.py", "full_clean"),
    ("storing (comment, thread order, audit)", "moderation/lifecycle/creation.py", "create_comment"),
)


def post_profile(story, user, posts=40):
    """Where the time of a signed-in comment POST goes: ``posts`` posts through the real form,
    profiled; each part's share of the whole (everything it calls included, so parts overlap:
    the SQL statements run inside the others)."""
    import cProfile
    import pstats

    from benchmarks.load import POST_PATH, _solutions, comment_form

    client = Client()
    client.force_login(user)
    _get(client, story.url)
    solutions = [unquote(solution) for solution in _solutions(posts + 1, per_second=1)]
    form = {**comment_form(story), "reply_to": "0"}
    client.post(POST_PATH, {**form, "comment": "Warming up.", "altcha": solutions.pop()})
    profiler = cProfile.Profile()
    for n, solution in enumerate(solutions):
        profiler.enable()
        response = client.post(POST_PATH, {**form, "comment": f"A profiled comment, number {n}.", "altcha": solution})
        profiler.disable()
        if response.status_code != 302:
            raise RuntimeError(f"a profiled post was not accepted ({response.status_code})")
    stats = pstats.Stats(profiler).stats
    total = sum(tottime for _calls, _primitive, tottime, _cumulative, _callers in stats.values())
    parts = []
    for label, suffix, name in POST_PROFILE_PARTS:
        cumulative = sum(
            entry[3]
            for (filename, _line, function), entry in stats.items()
            if filename.endswith(suffix) and function == name
        )
        parts.append({"part": label, "share": cumulative / total if total else 0.0})
    return {"post_profile": {"posts": posts, "ms_per_post": total * 1000 / posts, "parts": parts}}


# Moderation ---------------------------------------------------------------------------------


def queue_queries(moderator, add_held, sizes=(5, 50)):
    """Queries of the Pending queue page as the queue grows from 5 to 50 comments, Townsquare's
    and Wagtail's apart (``queries_by_origin``): ``{5: {"townsquare": n, "wagtail": n}, 50: ...}``."""
    client = Client()
    client.force_login(moderator)
    counts, held = {}, 0
    for size in sizes:
        add_held(size - held)
        held = size
        _get(client, "/admin/moderation/pending/")
        counts[size] = queries_by_origin(lambda: _get(client, "/admin/moderation/pending/"))
    return counts


def admin_p95(moderator, url, runs):
    """95th percentile of an admin page for ``moderator`` (after one request to warm up)."""
    client = Client()
    client.force_login(moderator)
    _get(client, url)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        _get(client, url)
        samples.append((time.perf_counter() - start) * 1000)
    return p95_ms(samples)


def insights(big_moderator, big_hub, small_moderator, small_hub, runs):
    """The insights page of the hub with the most comments, over the 400 days they span: its median
    time, and its queries beside those of a hub with a handful of comments (they must be equal)."""
    today = timezone.localdate()
    period = f"start={today - datetime.timedelta(days=400)}&end={today}"
    big, small = Client(), Client()
    big.force_login(big_moderator)
    small.force_login(small_moderator)
    big_url = f"/admin/insights/?hub={big_hub.pk}&{period}"
    small_url = f"/admin/insights/?hub={small_hub.pk}&{period}"
    _get(big, big_url)
    _get(small, small_url)
    big_queries, _ = count_queries(lambda: _get(big, big_url))
    small_queries, _ = count_queries(lambda: _get(small, small_url))
    return {
        "insights_queries": {"small hub": small_queries, "1M-comment hub": big_queries},
        "insights_ms": median_ms(lambda: _get(big, big_url), max(3, runs // 4)),
    }


def bulk_500(comments, moderator):
    from moderation.actions import change_states

    count, outcome = count_queries(
        lambda: change_states(comments, Comment.State.PUBLISHED, user=moderator), in_transaction=True
    )
    changed = len(outcome.moved)
    if changed != len(comments):
        raise RuntimeError(f"bulk approve changed {changed} of {len(comments)} comments")
    return count


def xtd_bulk_500(comment_ids):
    """The anchor: xtd publishing the same number of comments one by one, as its moderation does."""
    from django_comments_xtd.models import XtdComment

    def publish_each():
        for comment in XtdComment.objects.filter(pk__in=comment_ids):
            comment.is_public = True
            comment.save()

    return count_queries(publish_each, in_transaction=True)[0]


def subtree_500(root, moderator):
    from moderation import lifecycle

    count, done = count_queries(
        lambda: lifecycle.set_state(root, Comment.State.REJECTED, actor=moderator), in_transaction=True
    )
    if not done:
        raise RuntimeError("the subtree was not hidden")
    return count


def xtd_subtree_500(root):
    """The anchor: xtd hiding the replies below a comment it unpublishes."""
    from django_comments_xtd.models import XtdComment, publish_or_unpublish_nested_comments

    xtd_root = XtdComment.objects.get(pk=root.pk)
    return count_queries(
        lambda: publish_or_unpublish_nested_comments(xtd_root, are_public=False), in_transaction=True
    )[0]


# Search -------------------------------------------------------------------------------------


def search_p95(queries, runs):
    """The search page (service, facets, template) against Wagtail's database backend untuned."""
    from search.backends.base import Query
    from search.service import search
    from stories.models import StoryPage

    client = Client()

    def townsquare(text):
        _get(client, "/en/search/", data={"q": text})

    def wagtail(text):
        results = StoryPage.objects.live().search(text)
        list(results[:10])
        results.count()

    figures = {}
    for name, function in (("search_p95_ms", townsquare), ("wagtail_search_p95_ms", wagtail)):
        for text in queries[:3]:
            function(text)  # warm up
        samples = []
        for _ in range(runs):
            for text in queries:
                start = time.perf_counter()
                function(text)
                samples.append((time.perf_counter() - start) * 1000)
        figures[name] = p95_ms(samples)
    totals = [search(Query(text=text, language="en")).total for text in queries]
    figures["search_hits_median"] = statistics.median(totals)
    # The plan for a word of middling frequency: for a word in most stories, reading the whole
    # table is the right plan, index or not.
    figures["search_explain"] = _explain(queries[len(queries) // 2])
    return figures


def _explain(text):
    """The database's plan for the search's main query: does it use the full-text index?"""
    from search import text as analysis
    from search.models import SearchEntry

    if connection.vendor != "postgresql":
        return {"plan": "", "full_text_index_used": None}
    found = SearchEntry.objects.filter(language="en").search(" ".join(analysis.terms(text, "en")), operator="and")
    from benchmarks.report import full_text_index_used
    from search.backends.database import _matched

    plan = _matched(found).explain()
    return {"plan": plan, "full_text_index_used": full_text_index_used(plan)}


# Sanitizing ---------------------------------------------------------------------------------

SAMPLE_COMMENT = (
    "I rode **all winter** on studded tyres, and here is what I learned:\n\n"
    "- lights that are seen from the side matter as much as the front one;\n"
    "- a thin wool layer beats an expensive jacket;\n"
    "- see [the city's winter map](https://example.org/winter-map) for gritted lanes.\n\n"
    "> Arrive awake, with the day's worries sorted on the way.\n\n"
    "<script>alert('no')</script> <img src=x onerror=alert(1)> `code` *emphasis* "
)


def sanitize_us_per_kb(runs=2000):
    """nh3 (Townsquare) and bleach (the anchor) cleaning the same 1 KB of comment HTML."""
    import bleach
    import nh3

    from moderation.sanitize import _ALLOWED_ATTRIBUTES, _ALLOWED_TAGS, render_comment

    text = (SAMPLE_COMMENT * 4)[:1024]
    html = render_comment(text).replace("&lt;", "<").replace("&gt;", ">")  # markup to clean, not escaped text
    size_kb = len(html.encode()) / 1024

    bleach_attributes = {tag: list(names) for tag, names in _ALLOWED_ATTRIBUTES.items()}

    def with_nh3():
        nh3.clean(html, tags=set(_ALLOWED_TAGS), attributes=_ALLOWED_ATTRIBUTES)

    def with_bleach():
        bleach.clean(html, tags=_ALLOWED_TAGS, attributes=bleach_attributes, strip=True)

    def us_per_kb(function, kilobytes):
        batch = 100
        milliseconds = median_ms(lambda: [function() for _ in range(batch)], runs // batch, warmup=1)
        return milliseconds * 1000 / batch / kilobytes

    return {
        "sanitize_us_per_kb": us_per_kb(with_nh3, size_kb),
        "bleach_us_per_kb": us_per_kb(with_bleach, size_kb),
        "render_comment_us_per_kb": us_per_kb(lambda: render_comment(text), len(text.encode()) / 1024),
    }
