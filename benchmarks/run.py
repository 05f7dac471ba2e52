"""``python -m benchmarks.run [--quick]``: seed a database of its own, measure everything, report.

The database is a ``<name>_bench`` database beside the one ``DATABASE_URL`` names when that is
PostgreSQL, else ``var/bench.sqlite3``; it is created afresh on every run. ``--quick`` runs the
same code at small sizes (for CI) and writes ``results/quick.*`` instead of ``results/latest.*``.
Exits with 1 when a count is over its budget (see ``report.BUDGETS``), or when a load phase
measured nothing, or failures (``load.LoadPhaseError``).
"""

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent

# ``load_min_requests``: the fewest answers a load phase must measure, else the run fails
# (25 a second in the full run's 20-second phases: a phase that measured next to nothing).
FULL = {
    "queue_comments": 1_000_000,
    "queue_stories": 100,
    "search_stories": 20_000,
    "load_seconds": 20,
    "load_min_requests": 500,
    "runs": 15,
}
QUICK = {
    "queue_comments": 10_000,
    "queue_stories": 10,
    "search_stories": 400,
    "load_seconds": 3,
    "load_min_requests": 50,
    "runs": 5,
}
DISCUSSIONS = (10, 100, 1000)


STARTED = time.monotonic()


def say(message):
    sys.stderr.write(f"[{time.monotonic() - STARTED:6.1f} s] {message}\n")
    sys.stderr.flush()


def bench_database_url():
    """A fresh database for the benchmark, and a label for the report."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        name = parts.path.lstrip("/") + "_bench"
        # Through the server's maintenance database: the one in DATABASE_URL may not exist yet.
        maintenance = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
            version = conn.execute("SHOW server_version").fetchone()[0]
        return urlunsplit(parts._replace(path=f"/{name}")), f"PostgreSQL {version}"
    path = REPO / "var" / "bench.sqlite3"
    path.parent.mkdir(exist_ok=True)
    path.unlink(missing_ok=True)
    import sqlite3

    return f"sqlite:///{path}", f"SQLite {sqlite3.sqlite_version}"


def setup_django(url):
    os.environ["BENCH_DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    for folder in (REPO / "site", REPO):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    import django

    django.setup()
    from django.core.management import call_command

    say("Migrating the benchmark database...")
    call_command("migrate", verbosity=0, interactive=False)


class World:
    """Everything the measurements need, seeded once."""

    def __init__(self, sizes):
        from django.contrib.auth import get_user_model
        from wagtail.models import Page, Site

        from benchmarks import seed
        from communities.models import CommunityHubPage, HubIndexPage
        from moderation.models import Comment, ModerationSettings
        from stories.models import StoryPage
        from townsquare.demo.loader import ensure_wagtail_roots

        ensure_wagtail_roots()
        root = Page.get_first_root_node()
        self.home = root.add_child(instance=HubIndexPage(title="Benchmark", slug="bench"))
        Site.objects.update_or_create(is_default_site=True, defaults={"root_page": self.home, "hostname": "localhost"})
        ModerationSettings.objects.update_or_create(
            pk=1, defaults={"rate_limit_count": 32767, "rate_limit_minutes": 1}
        )
        User = get_user_model()  # noqa: N806

        def hub(title):
            return self.home.add_child(
                instance=CommunityHubPage(
                    title=title, slug=title.lower().replace(" ", "-"), topic_statement=title, premoderation="flagged"
                )
            )

        def story(parent, slug):
            return parent.add_child(
                instance=StoryPage(title=slug.replace("-", " ").capitalize(), slug=slug, standfirst="A story.")
            )

        def moderator(username, of):
            user = User.objects.create_user(username, f"{username}@example.org", "changeme", is_staff=True)
            user.groups.add(of.moderators_group)
            return user

        say("Seeding discussions of 10, 100 and 1,000 comments...")
        threads = hub("Threads")
        self.discussions = {}
        for size in DISCUSSIONS:
            self.discussions[size] = story(threads, f"discussion-{size}")
            seed.write_discussion(self.discussions[size], size)

        queue_hub = hub("Queue")
        self.queue_story = story(queue_hub, "queue-story")
        self.queue_moderator = moderator("queue-moderator", queue_hub)

        big = hub("Big queue")
        big_stories = [story(big, f"busy-{n}") for n in range(sizes["queue_stories"])]
        self.big_moderator = moderator("big-moderator", big)
        self.queue_comments = seed.bulk_comments(
            big_stories, big, sizes["queue_comments"], label="comments for the queue"
        )
        self.big_hub = big
        seed.questions_and_answers(big)

        bulk = hub("Bulk")
        self.bulk_moderator = moderator("bulk-moderator", bulk)
        ours, theirs = story(bulk, "bulk-ours"), story(bulk, "bulk-xtd")
        seed.bulk_comments([ours], bulk, 500, held_every=1, label="held comments (bulk)")
        seed.bulk_comments([theirs], bulk, 500, held_every=1, label="held comments (xtd bulk)")
        self.bulk_comments = list(Comment.objects.filter(page=ours))
        self.xtd_bulk_ids = list(Comment.objects.filter(page=theirs).values_list("pk", flat=True))
        subtree_ours, subtree_theirs = story(bulk, "subtree-ours"), story(bulk, "subtree-xtd")
        self.subtree_root = seed.write_discussion(subtree_ours, 501, thread_every=None)[0]
        self.xtd_subtree_root = seed.write_discussion(subtree_theirs, 501, thread_every=None)[0]

        load = hub("Load")
        self.load_story = story(load, "under-load")
        self.poster = User.objects.create_user("poster", "poster@example.org", "changeme")

        search = hub("Search")
        self.vocabulary = seed.Vocabulary()
        started = time.monotonic()
        seed.search_corpus(search, sizes["search_stories"], self.vocabulary)
        say("Indexing the stories for Townsquare's search...")
        from search.backends import get_backend

        keys = [f"story:{pk}" for pk in StoryPage.objects.child_of(search).values_list("pk", flat=True)]
        get_backend().rebuild(keys, progress=lambda done, total: seed.progress("search index", done, total))
        say(f"  search corpus ready in {time.monotonic() - started:.0f} s")
        self.search_stories = StoryPage.objects.child_of(search).count()

    def add_held(self, count):
        from benchmarks.seed import bulk_comments

        bulk_comments([self.queue_story], self.queue_story.get_parent().specific, count, held_every=1, label="held")


def measure(world, sizes, database):
    from django.db import connection

    from benchmarks import load, measures

    results = {"database": database}
    say("Measuring the story page...")
    results["story_page_queries"] = measures.story_page_queries(world.discussions)
    results["xtd_tree_queries"] = measures.xtd_tree_queries(world.discussions)
    results.update(measures.renderers(world.discussions[1000], sizes["runs"]))
    results.update(measures.first_response_kb(world.discussions[1000]))
    results.update(measures.cached_speedup(world.discussions[100], sizes["runs"]))

    say("Measuring moderation...")
    by_origin = measures.queue_queries(world.queue_moderator, world.add_held)
    results["queue_queries"] = {size: counts["townsquare"] for size, counts in by_origin.items()}
    results["queue_wagtail_queries"] = {size: counts["wagtail"] for size, counts in by_origin.items()}
    results["queue_comments"] = world.queue_comments
    results["queue_p95_ms"] = measures.admin_p95(world.big_moderator, "/admin/moderation/pending/", sizes["runs"] * 2)
    results["dashboard_p95_ms"] = measures.admin_p95(world.big_moderator, "/admin/", sizes["runs"] * 2)
    results["bulk_500_queries"] = measures.bulk_500(world.bulk_comments, world.bulk_moderator)
    results["xtd_bulk_500_queries"] = measures.xtd_bulk_500(world.xtd_bulk_ids)
    results["subtree_500_queries"] = measures.subtree_500(world.subtree_root, world.bulk_moderator)
    results["xtd_subtree_500_queries"] = measures.xtd_subtree_500(world.xtd_subtree_root)

    say("Measuring insights...")
    results.update(
        measures.insights(
            world.big_moderator, world.big_hub, world.queue_moderator, world.queue_story.get_parent(), sizes["runs"]
        )
    )

    say("Measuring search...")
    results["search_stories"] = world.search_stories
    results.update(measures.search_p95(world.vocabulary.queries(), max(1, sizes["runs"] // 5)))

    say("Measuring sanitizing...")
    results.update(measures.sanitize_us_per_kb())

    if load.wrk_path() is None:
        raise SystemExit("wrk is missing: `make bench` installs Debian's wrk (or: apt-get install wrk).")
    say(f"Measuring comment POSTs under load ({sizes['load_seconds']} s each)...")
    workers, connections = 4, 8
    results["post_statements"] = measures.post_statements(world.load_story, world.poster)
    results.update(measures.post_profile(world.load_story, world.poster))
    phases = load.post_load(
        world.load_story, world.poster, sizes["load_seconds"], workers, connections, sizes["load_min_requests"]
    )
    connection.connect()
    results.update(
        post_rps=phases["posts"]["rps"],
        reply_rps=phases["replies"]["rps"],
        anonymous_post_rps=phases["anonymous"]["rps"],
        bare_insert_rps=phases["bare"]["rps"],
        signed_in_insert_rps=phases["signed_in"]["rps"],
        lost_comments=sum(phases[name]["lost"] for name in ("posts", "replies", "anonymous")),
        unacknowledged_comments=phases["posts"]["unacknowledged"],
        load={
            "workers": workers,
            "connections": connections,
            "seconds": sizes["load_seconds"],
            "min_requests": sizes["load_min_requests"],
            **phases,
        },
    )
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI (results/quick.*)")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    started = time.monotonic()
    url, database = bench_database_url()
    setup_django(url)
    world = World(sizes)
    from benchmarks.load import LoadPhaseError

    try:
        results = measure(world, sizes, database)
    except LoadPhaseError as error:
        say(f"A load phase measured nothing worth reporting, so the run fails: {error}")
        return 1
    results.update(quick=args.quick, sizes=sizes, seconds=round(time.monotonic() - started))

    from benchmarks import report

    name = "quick" if args.quick else "latest"
    failures = report.write(results, name)
    say(f"Wrote benchmarks/results/{name}.json and {name}.md in {time.monotonic() - started:.0f} s.")
    say((report.RESULTS / f"{name}.md").read_text())
    if failures:
        say("Counts over budget:\n  " + "\n  ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
