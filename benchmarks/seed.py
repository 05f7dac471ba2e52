"""Seeding the benchmark's database: pages through Wagtail, comments in bulk.

Discussions of 10 to 1,000 comments are written through the ORM (``write_discussion``); the
million comments of the queue measurement are written with ``INSERT ... SELECT`` over a series of
numbers, into the three tables a comment spans (django-comments, django-comments-xtd, ours).
"""

import datetime
import random
import sys

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from moderation.models import Comment, commenter_key

BULK_CHUNK = 100_000
# Bulk comments are written by as many visitors, each with a history of about 1,000 comments
# at a million (what the queue's history counts read).
COMMENTERS = 997
COMMENTER_TABLE = "bench_commenter"


def progress(label, done, total):
    """A one-line progress bar on stderr."""
    width = 30
    filled = int(width * done / total) if total else width
    sys.stderr.write(f"\r  {label:<34} [{'#' * filled}{'-' * (width - filled)}] {done:>9,}/{total:,}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def models_save(comment):
    """Insert without xtd's thread bookkeeping (the caller sets the thread fields)."""
    comment.is_public = comment.state == Comment.State.PUBLISHED
    comment.submitted_at, comment.commenter_key = comment.submit_date, commenter_key(comment.user_email)
    models.Model.save(comment)


SENTENCES = (
    "We tried this on our team last spring and it stuck.",
    "The hardest part was getting everyone to agree on the first step.",
    "Has anyone found a way to make it work across time zones?",
    "I disagree a little: for us the opposite worked better.",
    "Thanks for writing this up, it is exactly what I needed this week.",
    "My commute is twelve kilometres each way, mostly along the river.",
    "The light at noon is harsh, so I shoot early or late.",
    "Two years in, I would not go back.",
    "It took a few weeks before it felt normal.",
    "What would you do differently if you started again?",
)
LINKS = ("https://example.org/guide", "https://example.org/maps/river-path", "https://example.org/forum/thread/42")


def realistic_comment(rng):
    """A comment as people write them: about 300 characters at the median, a long tail up to the
    form's maximum, some Markdown (emphasis, links, quotes, lists)."""
    from moderation.sanitize import MAX_LENGTH

    length = min(MAX_LENGTH - 200, max(20, int(rng.lognormvariate(5.55, 0.8))))  # ≈ 300 with the last sentence
    parts = []
    while sum(len(part) + 1 for part in parts) < length:
        parts.append(rng.choice(SENTENCES))
    text = " ".join(parts)
    roll = rng.random()
    if roll < 0.15:
        text = f"> {rng.choice(SENTENCES)}\n\n{text}"
    elif roll < 0.3:
        text = f"{text} This guide helped: {rng.choice(LINKS)}"
    elif roll < 0.4:
        text = f"{text}\n\n- {rng.choice(SENTENCES)}\n- {rng.choice(SENTENCES)}"
    elif roll < 0.55:
        text = text.replace("hardest", "**hardest**").replace("opposite", "*opposite*")
    return text


def write_discussion(story, total, thread_every=4):
    """``total`` published comments on ``story`` (``realistic_comment``, rendered by the real
    renderer), written straight to the tables (no policy, no e-mail). Thread order is
    depth-first: each new reply answers the latest comment or opens a new branch under the root;
    one comment in ``thread_every`` opens a thread (None: one thread)."""
    from django_comments_xtd.models import XtdComment

    from moderation.sanitize import render_comment

    comments, root, order = [], None, 0
    now = timezone.now()
    rng = random.Random(total)
    for n in range(total):
        text = realistic_comment(rng)
        comment = Comment(
            content_object=story,
            page=story,
            site_id=1,
            user_name=f"Visitor {n % 7}",
            user_email=f"v{n % 7}@example.org",
            comment=text,
            html=render_comment(text),
            submit_date=now,
            state=Comment.State.PUBLISHED,
            language="en",
        )
        if root is None or (thread_every and n % thread_every == 0):
            models_save(comment)
            XtdComment.objects.filter(pk=comment.pk).update(thread_id=comment.pk, parent_id=comment.pk)
            comment.thread_id = comment.parent_id = comment.pk
            root, order = comment, 1
        else:
            parent = comments[-1] if comments[-1].level < 3 else root
            order += 1
            comment.thread_id, comment.parent_id, comment.level, comment.order = (
                root.pk,
                parent.pk,
                parent.level + 1,
                order,
            )
            models_save(comment)
        comments.append(comment)
    return comments


def _numbers(count):
    """(prefix, FROM clause) producing i = 1..count, for INSERT ... SELECT."""
    if connection.vendor == "postgresql":
        return "", f"FROM generate_series(1, {int(count)}) AS g(i)"
    return f"WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < {int(count)}) ", "FROM g"


def _seconds_after(start):
    if connection.vendor == "postgresql":
        return f"(TIMESTAMP WITH TIME ZONE '{start.isoformat()}' + i * INTERVAL '1 second')"
    return f"datetime('{start.strftime('%Y-%m-%d %H:%M:%S')}', '+' || i || ' seconds')"


def _insert(model, values, count):
    """INSERT ``count`` rows of ``model``'s own table: ``values`` maps a column to an SQL
    expression of ``i``; every other column gets its field's default."""
    columns, expressions, params = [], [], []
    for field in model._meta.local_concrete_fields:
        columns.append(connection.ops.quote_name(field.column))
        if field.column in values:
            expressions.append(values[field.column])
            continue
        default = None if field.null and not field.has_default() else field.get_default()
        expressions.append("%s")
        params.append(field.get_db_prep_save(default, connection))
    prefix, source = _numbers(count)
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) {prefix}SELECT {', '.join(expressions)} {source}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _commenter_keys():
    """A table of the ``commenter_key`` of 'visitor<n>@example.org', so that bulk inserts store the
    key the application would (SQLite has no SHA-256 to compute it in SQL)."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {COMMENTER_TABLE} (n integer PRIMARY KEY, commenter_key bigint)")
        cursor.execute(f"DELETE FROM {COMMENTER_TABLE}")
        cursor.executemany(
            f"INSERT INTO {COMMENTER_TABLE} (n, commenter_key) VALUES (%s, %s)",
            [(n, commenter_key(f"visitor{n}@example.org")) for n in range(COMMENTERS)],
        )


def bulk_comments(stories, hub, total, *, held_every=100, label="comments"):
    """``total`` top-level comments spread over ``stories``; one in ``held_every`` is held for review."""
    from django_comments.models import Comment as BaseComment
    from django_comments_xtd.models import XtdComment

    content_type = ContentType.objects.get_for_model(stories[0]).pk
    _commenter_keys()
    start = timezone.now() - datetime.timedelta(days=400)
    done = 0
    per_story = -(-total // len(stories))
    progress(label, 0, total)
    for story in stories:
        count = min(per_story, total - done)
        if count <= 0:
            break
        for offset in range(0, count, BULK_CHUNK):
            chunk = min(BULK_CHUNK, count - offset)
            with transaction.atomic():
                first = (BaseComment.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
                ident = f"({first - 1} + i)"
                held = f"(({done + offset} + i) %% {held_every} = 0)"  # %% : a parameterised query
                _insert(
                    BaseComment,
                    {
                        "id": ident,
                        "content_type_id": str(content_type),
                        "object_pk": f"'{story.pk}'",
                        "site_id": "1",
                        "user_name": f"'Visitor ' || (i %% {COMMENTERS})",
                        "user_email": f"'visitor' || (i %% {COMMENTERS}) || '@example.org'",
                        "comment": "'Benchmark comment number ' || i",
                        "submit_date": _seconds_after(start + datetime.timedelta(seconds=done + offset)),
                        "is_public": f"NOT {held}",
                    },
                    chunk,
                )
                _insert(
                    XtdComment,
                    {"comment_ptr_id": ident, "thread_id": ident, "parent_id": ident, "level": "0", "order": "1"},
                    chunk,
                )
                _insert(
                    Comment,
                    {
                        "xtdcomment_ptr_id": ident,
                        "submitted_at": _seconds_after(start + datetime.timedelta(seconds=done + offset)),
                        "commenter_key": f"(SELECT commenter_key FROM {COMMENTER_TABLE} WHERE n = i %% {COMMENTERS})",
                        "state": f"CASE WHEN {held} THEN 'held' ELSE 'published' END",
                        "html": "'<p>Benchmark comment number ' || i || '</p>'",
                        "page_id": str(story.pk),
                        "hub_id": str(hub.pk),
                        "language": "'en'",
                    },
                    chunk,
                )
            progress(label, done + offset + chunk, total)
        done += count
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sequence = "pg_get_serial_sequence('django_comments', 'id')"
            cursor.execute(f"SELECT setval({sequence}, MAX(id)) FROM django_comments")
        # As autovacuum (PostgreSQL) or an operator (SQLite) would after a bulk load: a site that gathered
        # a million comments over the years has its tables vacuumed (the visibility map lets PostgreSQL
        # count from an index alone) and its statistics up to date.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return done


def questions_and_answers(hub):
    """One comment in ten of ``hub`` asks the team a question (target: 24 h); half are answered in 5 h."""
    from django.db.models import DateTimeField, ExpressionWrapper, F
    from django.db.models.functions import Mod

    def submitted_plus(hours):
        return ExpressionWrapper(F("submitted_at") + datetime.timedelta(hours=hours), output_field=DateTimeField())

    comments = Comment.objects.filter(hub=hub)
    comments.alias(m=Mod("pk", 10)).filter(m=0).update(is_question=True, respond_by=submitted_plus(24))
    comments.filter(is_question=True).alias(m=Mod("pk", 20)).filter(m=0).update(answered_at=submitted_plus(5))


class Vocabulary:
    """Made-up words with a Zipf distribution, so that searches meet common and rare words as in prose."""

    SYLLABLES = [
        "ka",
        "lo",
        "mi",
        "ne",
        "ru",
        "sa",
        "ti",
        "vo",
        "be",
        "da",
        "fi",
        "gu",
        "ho",
        "ja",
        "ke",
        "li",
        "mo",
        "nu",
        "pa",
        "re",
        "si",
        "to",
        "va",
        "we",
        "xi",
        "yo",
        "zu",
    ]

    def __init__(self, size=5000, seed=7):
        self.random = random.Random(seed)
        words = set()
        while len(words) < size:
            words.add("".join(self.random.choice(self.SYLLABLES) for _ in range(self.random.randint(2, 4))))
        self.words = sorted(words, key=lambda w: (len(w), w))
        self.random.shuffle(self.words)
        weights = [1 / (rank + 1) for rank in range(size)]
        total, cumulative = 0.0, []
        for weight in weights:
            total += weight
            cumulative.append(total)
        self.cumulative = cumulative

    def text(self, count):
        return " ".join(self.random.choices(self.words, cum_weights=self.cumulative, k=count))

    def queries(self, count=30):
        """One-word queries (common and rare) and two-word ones, the same for every engine compared."""
        picks = [self.words[r] for r in range(50, 50 + count // 3 * 5, 5)]
        picks += [self.words[r] for r in range(1000, 1000 + count // 3 * 50, 50)]
        picks += [f"{self.words[r]} {self.words[r + 7]}" for r in range(20, 20 + count // 3 * 10, 10)]
        return picks


def search_corpus(hub, total, vocabulary):
    """``total`` live stories with generated text under ``hub`` (Wagtail indexes each as it is saved)."""
    from stories.models import StoryPage

    progress("stories for search", 0, total)
    day = datetime.date(2020, 1, 1)
    for n in range(total):
        story = StoryPage(
            title=vocabulary.text(6).capitalize(),
            slug=f"search-{n}",
            standfirst=vocabulary.text(20).capitalize() + ".",
            publication_date=day + datetime.timedelta(days=n % 2000),
            body=[("paragraph", f"<p>{vocabulary.text(40)}.</p>") for _ in range(3)],
            hero_image_alt="",
        )
        hub.add_child(instance=story)
        if (n + 1) % 100 == 0 or n + 1 == total:
            progress("stories for search", n + 1, total)
