"""Search documents: what is indexed for a story, an event, a hub or a published comment.

Both backends index the same ``Document``: the database backend as a ``SearchEntry`` row, the
Elasticsearch backend as a document in the index of the document's language. A document is
identified by its key, ``"<kind>:<id>"`` (``story:12``, ``event:7``, ``hub:3``, ``comment:40``).

Only what a visitor may read is indexed: live pages without view restrictions, and published
comments on them. Anything else asked for by key comes back in ``gone``, to be removed.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils.html import strip_tags
from wagtail.models import Page, PageViewRestriction

KINDS = ("story", "event", "hub", "comment")
BATCH_SIZE = 200


@dataclass
class Document:
    key: str
    kind: str
    language: str
    title: str
    url: str
    standfirst: str = ""
    body: str = ""
    topics: list = field(default_factory=list)  # [(slug, name)]
    authors: list = field(default_factory=list)  # [(slug, name)]
    hub_id: int | None = None
    hub_title: str = ""
    published_at: date | None = None
    comment_count: int = 0

    @property
    def topic_names(self):
        return " ".join(name for _slug, name in self.topics)

    @property
    def author_names(self):
        return " ".join(name for _slug, name in self.authors)


def page_kind(page_class):
    """The document kind of a specific page class ("story", "event", "hub"), or None."""
    from communities.models import CommunityHubPage
    from events.models import EventPage
    from stories.models import StoryPage

    return {StoryPage: "story", EventPage: "event", CommunityHubPage: "hub"}.get(page_class)


def key_for(obj):
    """The document key of a page or a comment (whether or not it is indexable)."""
    from moderation.models import Comment

    if isinstance(obj, Comment):
        return f"comment:{obj.pk}"
    if isinstance(obj, Page):
        kind = page_kind(obj.specific_class)
        if kind:
            return f"{kind}:{obj.pk}"
    return None


def split_key(key):
    kind, _, object_id = key.partition(":")
    if kind not in KINDS or not object_id.isdigit():
        raise ValueError(f"not a search document key: {key!r}")
    return kind, int(object_id)


def _restricted_paths():
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def _is_public(page, restricted_paths):
    return not any(page.path.startswith(path) for path in restricted_paths)


def _streamfield_text(page, field_name):
    stream_field = page._meta.get_field(field_name)
    return "\n".join(str(text) for text in stream_field.get_searchable_content(getattr(page, field_name)) if text)


def _hubs_by_path(paths):
    from communities.models import CommunityHubPage

    return {hub.path: hub for hub in CommunityHubPage.objects.filter(path__in=set(paths))}


def _published_counts(field_name, ids):
    from moderation.models import Comment

    rows = (
        Comment.objects.published()
        .filter(**{f"{field_name}__in": ids})
        .values(field_name)
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row[field_name]: row["n"] for row in rows}


def _topic_names(pages):
    """{locale id: {tag id: name}} of the pages' topics, each in its page's language: a query per
    language of the batch."""
    from communities.topics import topic_names

    tags = {}
    for page in pages:
        tags.setdefault(page.locale_id, []).extend(item.tag for item in page.tagged_items.all())
    return {locale_id: topic_names(locale_tags, locale_id) for locale_id, locale_tags in tags.items()}


def story_documents(ids, restricted_paths):
    from stories.models import StoryPage

    stories = list(
        StoryPage.objects.live()
        .filter(pk__in=ids)
        .select_related("locale")
        .prefetch_related("tagged_items__tag", "story_authors__author")
    )
    stories = [story for story in stories if _is_public(story, restricted_paths)]
    hubs = _hubs_by_path(story.path[: -Page.steplen] for story in stories)
    counts = _published_counts("page_id", [story.pk for story in stories])
    names = _topic_names(stories)
    documents = []
    for story in stories:
        hub = hubs.get(story.path[: -Page.steplen])
        documents.append(
            Document(
                key=f"story:{story.pk}",
                kind="story",
                language=story.locale.language_code,
                title=story.title,
                url=story.get_url() or "",
                standfirst=story.standfirst,
                body=_streamfield_text(story, "body"),
                topics=[(item.tag.slug, names[story.locale_id][item.tag_id]) for item in story.tagged_items.all()],
                authors=[(link.author.slug, link.author.name) for link in story.story_authors.all()],
                hub_id=hub.pk if hub else None,
                hub_title=hub.title if hub else "",
                published_at=story.publication_date,
                comment_count=counts.get(story.pk, 0),
            )
        )
    return documents


def event_documents(ids, restricted_paths):
    """Events are dated by their start, as the people there read it (the day in the event's time
    zone): the date on the result, the date filters and "newest first" all use it, so an event
    comes before the stories published before it happens. The place and the address are searched
    with the description; the card's time, place and "Cancelled" are read when the results are
    shown (``search.service.add_event_facts``). A cancelled event stays findable."""
    from events.models import EventPage

    events = list(EventPage.objects.live().filter(pk__in=ids).select_related("locale", "organiser"))
    events = [event for event in events if _is_public(event, restricted_paths)]
    hubs = _hubs_by_path(event.path[: -Page.steplen] for event in events)
    counts = _published_counts("page_id", [event.pk for event in events])
    documents = []
    for event in events:
        hub = hubs.get(event.path[: -Page.steplen])
        organiser = event.organiser
        where = [event.place, event.address] if event.attendance == EventPage.Attendance.IN_PERSON else []
        documents.append(
            Document(
                key=f"event:{event.pk}",
                kind="event",
                language=event.locale.language_code,
                title=event.title,
                url=event.get_url() or "",
                standfirst=event.summary,
                body="\n".join(text for text in [_streamfield_text(event, "body"), *where] if text),
                authors=[(organiser.slug, organiser.name)] if organiser else [],
                hub_id=hub.pk if hub else None,
                hub_title=hub.title if hub else "",
                published_at=event.local_start().date(),
                comment_count=counts.get(event.pk, 0),
            )
        )
    return documents


def hub_documents(ids, restricted_paths):
    from communities.models import CommunityHubPage

    hubs = list(
        CommunityHubPage.objects.live()
        .filter(pk__in=ids)
        .select_related("locale")
        .prefetch_related("tagged_items__tag")
    )
    hubs = [hub for hub in hubs if _is_public(hub, restricted_paths)]
    counts = _published_counts("hub_id", [hub.pk for hub in hubs])
    names = _topic_names(hubs)
    return [
        Document(
            key=f"hub:{hub.pk}",
            kind="hub",
            language=hub.locale.language_code,
            title=hub.title,
            url=hub.get_url() or "",
            standfirst=hub.topic_statement,
            body=strip_tags(hub.intro),
            topics=[(item.tag.slug, names[hub.locale_id][item.tag_id]) for item in hub.tagged_items.all()],
            hub_id=hub.pk,
            hub_title=hub.title,
            published_at=hub.first_published_at.date() if hub.first_published_at else None,
            comment_count=counts.get(hub.pk, 0),
        )
        for hub in hubs
    ]


def comment_documents(ids, restricted_paths):
    from moderation.models import Comment

    comments = list(
        Comment.objects.published()
        .filter(pk__in=ids, page__live=True)
        .select_related("page", "page__locale", "hub")
        .only(
            "pk", "html", "language", "submit_date", "hub__title", "page__title", "page__path",
            "page__url_path", "page__locale__language_code", "page__live",
        )
    )  # fmt: skip
    comments = [comment for comment in comments if _is_public(comment.page, restricted_paths)]
    documents = []
    for comment in comments:
        page = comment.page
        documents.append(
            Document(
                key=f"comment:{comment.pk}",
                kind="comment",
                language=comment.language or page.locale.language_code,
                title=page.title,
                url=f"{page.get_url() or ''}#c{comment.pk}",
                body=strip_tags(comment.html),
                hub_id=comment.hub_id,
                hub_title=comment.hub.title if comment.hub else "",
                published_at=comment.submit_date.date() if comment.submit_date else None,
            )
        )
    return documents


BUILDERS = {
    "story": story_documents,
    "event": event_documents,
    "hub": hub_documents,
    "comment": comment_documents,
}


def documents_for(keys):
    """(documents to index, keys to remove) for the given document keys."""
    by_kind = {kind: [] for kind in KINDS}
    for key in set(keys):
        kind, object_id = split_key(key)
        by_kind[kind].append(object_id)
    restricted = _restricted_paths()
    documents = []
    for kind, ids in by_kind.items():
        for start in range(0, len(ids), BATCH_SIZE):
            documents.extend(BUILDERS[kind](ids[start : start + BATCH_SIZE], restricted))
    found = {document.key for document in documents}
    return documents, sorted(set(keys) - found)


def all_keys():
    """The key of everything that could be indexable: for a full rebuild."""
    from communities.models import CommunityHubPage
    from events.models import EventPage
    from moderation.models import Comment
    from stories.models import StoryPage

    keys = [f"hub:{pk}" for pk in CommunityHubPage.objects.live().values_list("pk", flat=True)]
    keys += [f"story:{pk}" for pk in StoryPage.objects.live().values_list("pk", flat=True).order_by("pk")]
    keys += [f"event:{pk}" for pk in EventPage.objects.live().values_list("pk", flat=True).order_by("pk")]
    keys += [f"comment:{pk}" for pk in Comment.objects.published().values_list("pk", flat=True).order_by("pk")]
    return keys


def iter_documents(keys, batch_size=BATCH_SIZE):
    """Documents for ``keys``, built a batch at a time (a rebuild's memory stays flat)."""
    for start in range(0, len(keys), batch_size):
        documents, _gone = documents_for(keys[start : start + batch_size])
        yield from documents
