"""Put the demo content into the database. Idempotent: a second run changes nothing.

Every object is looked up by a natural key (slug, title, username) and only
created when missing; nothing existing is overwritten, so editors' changes
to demo pages survive a re-run.
"""

import hashlib
import logging
from contextlib import contextmanager
from datetime import time, timedelta
from io import BytesIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from communities.models import CommunityHubPage, HubIndexPage
from communities.topics import Topic
from events import registrations
from events.models import EventPage
from moderation import lifecycle
from moderation.models import Appeal, Comment, CommenterNote, Report
from search.indexing import held_back
from stories.models import Author, StoryAuthor, StoryPage

from . import content, images, translations

logger = logging.getLogger("townsquare.demo")

MOTIF_ALT_TEXT = {
    "desk": "Illustration: a laptop and a mug on a desk by a window",
    "bicycle": "Illustration: a red bicycle on a road through green hills",
    "aperture": "Illustration: a camera aperture against a dusk sky",
    "people": "Illustration: colleagues gathered around a table, seen from above",
}


def event_day(days, weekday=None):
    """The day ``days`` from today, moved on to the next ``weekday`` (0 is Monday) when given."""
    day = timezone.localdate() + timedelta(days=days)
    if weekday is not None:
        day += timedelta(days=(weekday - day.weekday()) % 7)
    return day


@contextmanager
def ensure_wagtail_roots():
    """Wagtail's migrations create a default locale, a root page and a root collection, and
    wagtail-localize's its "Can submit translations" permission (which hub teams hold); a flushed
    database (``manage.py flush``, or a test that empties every table) has none of them."""
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    # On a content type of its own, as wagtail-localize's migration 0006 makes it.
    content_type, _created = ContentType.objects.get_or_create(app_label="wagtail_localize", model="translation")
    Permission.objects.get_or_create(
        content_type=content_type, codename="submit_translation", defaults={"name": "Can submit translations"}
    )


class DemoLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.created = 0

    def log(self, message):
        self.created += 1
        if self.stdout:
            self.stdout.write(f"  created {message}")

    def load(self):
        """Load what is missing, in one transaction. Wagtail's reference index and our search index
        are each built once at the end rather than after every save (a page is saved several times
        on its way: created, revised, published, translated); comments and pages announce their
        changes as usual, to everything else that listens."""
        with held_back(), transaction.atomic():
            with disable_reference_index_auto_update():
                created = self._load()
            self.load_search_index()
            call_command("rebuild_references_index", verbosity=0)  # not re-entrant: outside the block above
        return created

    def _load(self):
        ensure_wagtail_roots()
        home = self.load_home()
        self.authors = self.load_authors()
        hubs = {}
        for hub_index, hub_data in enumerate(content.HUBS):
            hub = hubs[hub_data["slug"]] = self.load_hub(home, hub_data)
            stories = [
                self.load_story(hub, hub_data, story_data, age_days=3 * hub_index + 11 * story_index)
                for story_index, story_data in enumerate(hub_data["stories"])
            ]
            self.load_featured(hub, [s for s, d in zip(stories, hub_data["stories"], strict=True) if d["featured"]])
        # After the translations: the French local hub gets its moderator too.
        self.load_translations(home, hubs)
        self.load_users()
        self.load_pending_story(hubs)
        self.load_events(hubs)
        self.load_topics()
        self.load_discussions()
        self.load_feedback()
        self.load_webhooks()
        self.load_fediverse()
        return self.created

    def load_search_index(self):
        """Index everything now: the demo is searchable as soon as it is loaded, in every language."""
        from search.backends import SearchUnavailable
        from search.indexing import rebuild

        try:
            rebuild()
        except SearchUnavailable as error:  # the content is there; `search_index --rebuild` once search is back
            logger.warning("The demo was not indexed, search is unavailable: %s", error)

    # Pages ---------------------------------------------------------------

    def load_home(self):
        locale = Locale.get_default()
        root = Page.get_first_root_node()
        home = HubIndexPage.objects.filter(depth=2, locale=locale).first()
        if home is None:
            # Replace Wagtail's placeholder "Welcome" page, which owns the slug "home".
            for placeholder in Page.objects.filter(depth=2, locale=locale, content_type__model="page"):
                if not placeholder.get_children().exists():
                    placeholder.delete()
            home = HubIndexPage(title=content.HOME["title"], slug=content.HOME["slug"], intro=content.HOME["intro"])
            root.add_child(instance=home)
            home.save_revision().publish()
            self.log(f"home page {home.title!r}")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=content.HOME["title"]
            )
            self.log("default site")
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = content.HOME["title"]
            site.save()
            self.log("default site root")
        return home

    def load_hub(self, home, data):
        hub = CommunityHubPage.objects.child_of(home).filter(slug=data["slug"]).first()
        if hub is None:
            hub = CommunityHubPage(
                title=data["title"],
                slug=data["slug"],
                topic_statement=data["topic_statement"],
                intro=data["intro"],
                guidelines=data["guidelines"],
                product_terms=data["product_terms"],
                publish_transparency=data.get("publish_transparency", False),
                decision_reasons=[
                    ("reason", {"label": label, "explanation": explanation})
                    for label, explanation in content.DECISION_REASONS
                ],
                **data.get("response_times", {}),
            )
            home.add_child(instance=hub)
            hub.hero_image = self.load_image(
                f"{data['title']} community", data["motif"], data["colours"], collection=hub.collection
            )
            hub.hero_image_alt = f"Illustration for the {data['title']} community"
            hub.save_revision().publish()
            self.log(f"hub {hub.title!r}")
        return hub

    def load_featured(self, hub, stories):
        if hub.featured_stories.exists():
            return
        for story in stories:
            hub.featured_stories.create(story=story)
        hub.save_revision().publish()
        self.log(f"featured stories of {hub.title!r}")

    def build_story(self, hub, colours, data, age_days=0):
        image = self.load_image(data["title"], data["motif"], colours, collection=hub.collection)
        story = StoryPage(
            title=data["title"],
            slug=data["slug"],
            standfirst=data["standfirst"],
            hero_image=image,
            hero_image_alt=MOTIF_ALT_TEXT[data["motif"]],
            body=[("paragraph", f"<p>{paragraph}</p>") for paragraph in data["body"]],
            publication_date=timezone.localdate() - timedelta(days=age_days),
        )
        story.topics.add(*data["topics"])
        for name in data["authors"]:
            story.story_authors.add(StoryAuthor(author=self.authors[name]))
        return story

    def load_story(self, hub, hub_data, data, age_days):
        story = StoryPage.objects.child_of(hub).filter(slug=data["slug"]).first()
        if story is not None:
            return story
        story = self.build_story(hub, hub_data["colours"], data, age_days)
        hub.add_child(instance=story)
        story.save_revision().publish()
        self.log(f"story {story.title!r}")
        return story

    def load_pending_story(self, hubs):
        """A draft by the demo editor, submitted to its hub's review workflow."""
        data = content.PENDING_STORY
        hub = hubs[data["hub"]]
        if StoryPage.objects.child_of(hub).filter(slug=data["slug"]).exists():
            return
        editor = get_user_model().objects.get(username="editor")
        colours = next(h["colours"] for h in content.HUBS if h["slug"] == data["hub"])
        story = self.build_story(hub, colours, data)
        story.live = False
        story.owner = editor
        hub.add_child(instance=story)
        story.save_revision(user=editor)
        hub.review_workflow.start(story, editor)
        self.log(f"story awaiting review {story.title!r}")
        # Its French translation, a draft never live, in review with it (communities.publish_together).
        french = content.PENDING_STORY_FR
        translation = story.copy_for_translation(Locale.objects.get(language_code="fr"))
        translation.title, translation.standfirst = french["title"], french["standfirst"]
        translation.body = [("paragraph", f"<p>{paragraph}</p>") for paragraph in french["body"]]
        self.link_local_authors(translation)
        translation.owner = editor
        translation.save_revision(user=editor)
        hub.review_workflow.start(translation, editor)
        self.log(f"fr translation awaiting review {translation.title!r}")

    def load_authors(self):
        authors = {}
        locale = Locale.get_default()
        for index, data in enumerate(content.AUTHORS):
            author = Author.objects.filter(name=data["name"], locale=locale).first()
            if author is None:
                author = Author.objects.create(
                    name=data["name"],
                    role=data["role"],
                    team=data["team"],
                    region=data["region"],
                    bio=data["bio"],
                    photo=self.load_portrait(data["name"], index, data["colour"]),
                    locale=locale,
                )
                self.log(f"author {author.name!r}")
            authors[author.name] = author
        return authors

    def load_author_translations(self):
        """Each author's profile in every language of ``translations.AUTHORS``, created when missing."""
        self.author_profiles = {}  # (original's pk, locale pk): the profile in that locale
        for name, by_language in translations.AUTHORS.items():
            author = self.authors[name]
            for code, fields in by_language.items():
                locale = Locale.objects.get(language_code=code)
                profile = author.get_translation_or_none(locale)
                if profile is None:
                    profile = author.copy_for_translation(locale)
                    for field, value in fields.items():
                        setattr(profile, field, value)
                    profile.save()
                    self.log(f"{code} profile of {name!r}")
                self.author_profiles[(author.pk, locale.pk)] = profile

    def link_local_authors(self, story):
        """Link a story's new translation to its authors' profiles in its language."""
        links = list(story.story_authors.all())
        for link in links:
            link.author = self.author_profiles.get((link.author_id, story.locale_id), link.author)
        story.story_authors = links

    def local_profile(self, author, locale):
        """``author``'s profile in ``locale``, or ``author`` where there is none."""
        return self.author_profiles.get((author.pk, locale.pk), author)

    def load_topics(self):
        """Each demo topic's name in the default language and in those of ``translations.TOPICS``."""
        default = Locale.get_default()
        for tag_name, by_language in translations.TOPICS.items():
            tag = Tag.objects.filter(name=tag_name).first() or Tag.objects.create(name=tag_name)
            topic, _created = Topic.objects.get_or_create(tag=tag, locale=default, defaults={"name": tag.name})
            for code, name in by_language.items():
                locale = Locale.objects.get(language_code=code)
                if not Topic.objects.filter(tag=tag, locale=locale).exists():
                    translation = topic.copy_for_translation(locale)
                    translation.name = name
                    translation.save()
                    self.log(f"{code} name of the topic {tag_name!r}")

    # Events --------------------------------------------------------------

    def load_events(self, hubs):
        """The hubs' events (the "events" of ``content.HUBS``, the local hub's ride) and the people
        signed up for them, then their translations (``translations.EVENTS``)."""
        users = get_user_model().objects.in_bulk(field_name="username")
        for hub_data in content.HUBS:
            for data in hub_data.get("events", []):
                self.load_event(hubs[hub_data["slug"]], hub_data["colours"], data, users)
        local = translations.LOCAL_HUB
        hub = CommunityHubPage.objects.get(slug=local["slug"], locale__language_code=local["locale"])
        for data in local["events"]:
            self.load_event(hub, local["colours"], data, users)
        for slug, by_language in translations.EVENTS.items():
            event = EventPage.objects.get(slug=slug, locale=Locale.get_default())
            for code, fields in by_language.items():
                body = [("paragraph", f"<p>{paragraph}</p>") for paragraph in fields["body"]]
                self.translate(event, code, **{**fields, "body": body})

    def load_event(self, hub, colours, data, users):
        """An event in ``hub``, dated from today, published, with its sign-ups; then called off when
        it has a ``cancellation_reason``."""
        event = EventPage.objects.child_of(hub).filter(slug=data["slug"]).first()
        if event is not None:
            return event
        day = event_day(data["days"], data.get("weekday"))
        event = EventPage(
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            body=[("paragraph", f"<p>{paragraph}</p>") for paragraph in data["body"]],
            start_date=day,
            start_time=time.fromisoformat(data["start"]),
            end_date=day,
            end_time=time.fromisoformat(data["end"]),
            time_zone=data["time_zone"],
            attendance=data.get("attendance", EventPage.Attendance.IN_PERSON),
            place=data.get("place", ""),
            address=data.get("address", ""),
            map_url=data.get("map_url", ""),
            online_url=data.get("online_url", ""),
            capacity=data["capacity"],
            registration_closes=day - timedelta(days=data["closes"]) if "closes" in data else None,
            organiser=self.local_profile(self.authors[data["organiser"]], hub.locale),
            hero_image=self.load_image(data["title"], data["motif"], colours, collection=hub.collection),
            hero_image_alt=data.get("hero_image_alt", MOTIF_ALT_TEXT[data["motif"]]),
            follow_up=StoryPage.objects.child_of(hub).filter(slug=data.get("follow_up", "")).first(),
        )
        hub.add_child(instance=event)
        event.save_revision().publish()
        self.log(f"event {event.title!r}")
        self.load_sign_ups(event, data["sign_ups"], users)
        if data.get("cancellation_reason"):
            event.cancelled, event.cancellation_reason = True, data["cancellation_reason"]
            # As if the people signed up were told already: loading the demo sends no e-mail.
            EventPage.objects.filter(pk=event.pk).update(cancellation_sent_at=timezone.now())
            event.save_revision().publish()
            self.log(f"cancellation of {event.title!r}")
        return event

    def load_sign_ups(self, event, sign_ups, users):
        """``sign_ups`` (see ``content.HUBS``) for ``event``, a few hours apart in the days before it
        (or before today), each in the event's language; then what each person did next."""
        clock = min(event.starts_at, timezone.now()) - timedelta(days=6)
        language = event.locale.language_code
        made = []
        # Loading the demo sends no e-mail: every change below is made with notify=False.
        for name, email, then in sign_ups:
            clock += timedelta(hours=3)
            user = users[name.removeprefix("@")] if name.startswith("@") else None
            if user is not None:
                name, email = user.get_full_name() or user.get_username(), user.email
            registration = registrations.sign_up(
                event, name=name, email=email, user=user, language=language, now=clock, notify=False
            )
            if user is None and then != "unconfirmed":  # the visitor followed the e-mailed link
                registration = registrations.confirm(registration, now=clock + timedelta(minutes=40), notify=False)
            made.append((registration, then))
        for index, (registration, then) in enumerate(made):
            if then == "cancelled":
                clock += timedelta(hours=3)
                registrations.cancel(registration, now=clock, notify=False)
            elif then == "checked in":
                registration.refresh_from_db()
                registrations.check_in(registration, now=event.starts_at + timedelta(minutes=2 * index))
        self.log(f"{len(made)} sign-ups for {event.title!r}")

    # Media ---------------------------------------------------------------

    def load_image(self, title, motif, colours, collection=None):
        image_model = get_image_model()
        image = image_model.objects.filter(title=title).first()
        if image is not None:
            return image
        seed = int(hashlib.sha256(title.encode()).hexdigest()[:8], 16)
        data = images.paint(motif, seed, *colours)

        slug = hashlib.sha256(title.encode()).hexdigest()[:12]
        image = image_model(title=title, file=ImageFile(BytesIO(data), name=f"demo-{slug}.jpg"))
        if collection is not None:
            image.collection = collection
        image.save()
        self.log(f"image {title!r}")
        return image

    def load_portrait(self, name, seed, colour):
        image_model = get_image_model()
        title = f"Portrait of {name}"
        image = image_model.objects.filter(title=title).first()
        if image is None:
            slug = hashlib.sha256(title.encode()).hexdigest()[:12]
            data = images.paint_portrait(seed, colour)
            image = image_model(title=title, file=ImageFile(BytesIO(data), name=f"demo-author-{slug}.png"))
            image.save()
            self.log(f"image {title!r}")
        return image

    # Discussions ---------------------------------------------------------

    def load_discussions(self):
        moderator = get_user_model().objects.get(username="moderator")
        for slug, threads in content.DISCUSSIONS.items():
            # A story or an event: both have a discussion.
            story = Page.objects.get(slug=slug, locale=Locale.get_default()).specific
            if Comment.objects.filter(page=story).exists():
                continue
            hub = story.get_parent().specific
            clock = [timezone.now() - timedelta(days=6)]
            for thread in threads:
                self.load_comment(story, hub, None, thread, moderator, clock)
            self.log(f"discussion on {story.title!r}")
        self.load_reports()
        self.load_appeal()
        self.load_withdrawn_appeal()
        self.load_illegal_content_notice()
        self.load_commenter_file()

    def post_as_visitor(self, story, name, email, text):
        """A visitor's comment on ``story``, decided by the hub's rules as it is posted."""
        return lifecycle.create_comment(
            story=story,
            hub=story.get_parent().specific,
            parent=None,
            user=None,
            name=name,
            email=email,
            text=text,
            followup=False,
            ip_address="127.0.0.1",
            site_id=1,
        )

    def load_appeal(self):
        """A rejected comment (decided by the administrator, without e-mail) and its author's appeal."""
        from moderation import appeals

        slug, name, email, text, reason, statement = content.APPEAL
        story = StoryPage.objects.get(slug=slug, locale=Locale.get_default())
        if Comment.objects.filter(page=story, user_name=name).exists():
            return
        admin = get_user_model().objects.get(username="admin")
        comment = self.post_as_visitor(story, name, email, text)
        lifecycle.transition([comment], Comment.State.REJECTED, actor=admin, reason=reason, notify=False)
        comment.refresh_from_db()
        decision = appeals.Decision(comment, appeals.latest_decision(comment), None)
        appeals.submit(decision, statement, language="en")
        self.log(f"appeal by {name}")

    def load_withdrawn_appeal(self):
        """An appeal like the one above, whose author then deleted their comment: closed, still counted."""
        from moderation import appeals

        slug, name, email, text, reason, statement = content.WITHDRAWN_APPEAL
        story = StoryPage.objects.get(slug=slug, locale=Locale.get_default())
        if Appeal.objects.filter(hub_id=story.get_parent().pk, status=Appeal.Status.WITHDRAWN).exists():
            return
        admin = get_user_model().objects.get(username="admin")
        comment = self.post_as_visitor(story, name, email, text)
        lifecycle.transition([comment], Comment.State.REJECTED, actor=admin, reason=reason, notify=False)
        comment.refresh_from_db()
        appeals.submit(appeals.Decision(comment, appeals.latest_decision(comment), None), statement, language="en")
        lifecycle.remove([comment], removal=Comment.Removal.AUTHOR)
        self.log(f"withdrawn appeal by {name}")

    def load_commenter_file(self):
        """A note the administrator left about a commenter whose comment waits in Workshifting, and
        their pre-moderation there: the moderator finds both in the commenter's drawer."""
        from moderation import commenters

        name, email, note = content.COMMENTER_NOTE
        comment = Comment.objects.filter(user_email=email, user_name=name).order_by("pk").first()
        if comment is None or CommenterNote.objects.filter(commenter_key__in=commenters.keys_for(email)).exists():
            return
        admin = get_user_model().objects.get(username="admin")
        commenters.add_note(comment, admin, note)
        commenters.set_premoderated(comment, admin, True)
        self.log(f"note about {name} and their pre-moderation")

    def load_illegal_content_notice(self):
        """A published comment and a notice that it is illegal (received without e-mail), not decided yet."""
        from moderation import notices

        slug, name, email, text, location, explanation, sender, sender_email = content.ILLEGAL_CONTENT_NOTICE
        story = StoryPage.objects.get(slug=slug, locale=Locale.get_default())
        if Comment.objects.filter(page=story, user_name=name).exists():
            return
        comment = self.post_as_visitor(story, name, email, text)
        if comment.state != Comment.State.PUBLISHED:  # held as a first comment: as if approved, without e-mail
            lifecycle.transition([comment], Comment.State.PUBLISHED, notify=False)
        notices.receive(
            comment,
            explanation=explanation,
            location=location,
            reporter_name=sender,
            reporter_email=sender_email,
            good_faith=True,
            language="en",
            notify=False,
        )
        self.log(f"notice of illegal content about a comment by {name}")

    def load_reports(self):
        for slug, author, reasons in content.FLAGS:
            comment = Comment.objects.get(page__slug=slug, page__locale=Locale.get_default(), user_name=author)
            if comment.visitor_reports.exists():
                continue
            for index, reason in enumerate(reasons):
                Report.objects.create(comment=comment, visitor=f"demo-visitor-{index}", reason=reason)
            Comment.objects.filter(pk=comment.pk).update(report_count=len(reasons))
            self.log(f"reports on a comment by {author}")

    def load_webhooks(self):
        """The remote-work hub's webhook to its intranet CRM, every event, switched off: the demo
        never sends anything; its owner points it at a real receiver and switches it on."""
        from communities.models import CommunityHubPage
        from townsquare.api.webhooks.models import Event, Webhook

        hub = CommunityHubPage.objects.get(slug="workshifting", locale__language_code="en")
        webhook, created = Webhook.objects.get_or_create(
            hub=hub,
            name="Intranet CRM (example)",
            defaults={
                "url": "https://crm.example.org/hooks/townsquare",
                "events": list(Event.values),
                "is_active": False,
            },
        )
        if created:
            self.log(f"webhook {webhook.name}")

    def load_fediverse(self):
        """The remote-work hub, followable as @workshifting: one follower on another server, whose
        first reply waits in the moderators' queue marked as from the fediverse, and one blocked
        server. Nothing is fetched or sent while loading (the demo's addresses are examples)."""
        from federation import blocks
        from federation.models import Follower, HubActor, RemoteActor

        hub = CommunityHubPage.objects.get(slug="workshifting", locale__language_code="en")
        hub_actor, created = HubActor.objects.get_or_create(
            hub=hub, defaults={"username": "workshifting", "enabled": True}
        )
        if not created:
            return
        content_data = content.FEDIVERSE
        remote, _created = RemoteActor.objects.get_or_create(
            uri=content_data["actor"],
            defaults={
                "domain": "social.example",
                "username": content_data["username"],
                "name": content_data["name"],
                "profile_url": content_data["profile"],
                "inbox": f"{content_data['actor']}/inbox",
                "shared_inbox": "https://social.example/inbox",
                "key_id": f"{content_data['actor']}#main-key",
                "public_key": "",
                "fetched_at": timezone.now(),
            },
        )
        Follower.objects.get_or_create(
            hub_actor=hub_actor,
            actor=remote,
            defaults={"follow_id": f"{remote.uri}#follows/1", "status": Follower.Status.ACCEPTED},
        )
        story = StoryPage.objects.get(slug=content_data["story"], locale=Locale.get_default())
        lifecycle.create_comment(
            story=story,
            hub=hub,
            parent=None,
            user=None,
            name=remote.handle,
            email="",
            text=content_data["text"],
            followup=False,
            ip_address=None,
            site_id=1,
            remote_author=remote.uri,
            remote_id=content_data["note"],
            author_url=remote.profile_url,
        )
        blocks.block("spam.example", "Sends advertising replies (example).")
        self.log(f"fediverse: @{hub_actor.username}, a follower and a reply from {remote.handle}")

    def load_feedback(self):
        """Comments the team turned into feedback items, one in each status, assigned to the moderator.

        The items are written directly: moving them through the workflow would e-mail the demo's
        visitors, and loading the demo sends no e-mail."""
        from listening.models import FeedbackItem

        moderator = get_user_model().objects.get(username="moderator")
        clock = [timezone.now() - timedelta(days=9)]
        for slug, name, email, text, kind, status, response in content.FEEDBACK:
            story = StoryPage.objects.get(slug=slug, locale=Locale.get_default())
            comment = Comment.objects.filter(page=story, user_name=name).first()
            if comment is None:
                self.load_comment(story, story.get_parent().specific, None, (name, email, text, []), moderator, clock)
                comment = Comment.objects.get(page=story, user_name=name)
            if FeedbackItem.objects.filter(comment=comment).exists():
                continue
            FeedbackItem.objects.create(
                comment=comment,
                hub=comment.hub,
                kind=kind,
                status=status,
                assignee=moderator if status in ("new", "acknowledged", "planned") else None,
                public_response=response,
                public_response_by=moderator if response else None,
                status_changed_at=comment.submit_date + timedelta(days=1),
                created_by=moderator,
            )
            self.log(f"feedback item ({status}) from {name}")

    def load_comment(self, story, hub, parent, item, moderator, clock):
        name, email, text, replies = item
        clock[0] += timedelta(hours=5)
        comment = lifecycle.create_comment(
            story=story,
            hub=hub,
            parent=parent,
            user=moderator if name == "staff" else None,
            name="Moses" if name == "staff" else name.removeprefix("held:"),
            email=moderator.email if name == "staff" else email,
            text=text,
            followup=False,  # loading the demo sends no e-mail
            ip_address="127.0.0.1",
            site_id=1,
            submit_date=clock[0],
        )
        # Demo readers start as known commenters: publish what the first-time rule held, except the spam.
        wanted = Comment.State.HELD if name.startswith("held:") else Comment.State.PUBLISHED
        if comment.state != wanted:
            lifecycle.set_state(comment, wanted)
        for reply in replies:
            self.load_comment(story, hub, comment, reply, moderator, clock)

    # Other languages -----------------------------------------------------

    def load_translations(self, home, hubs):
        for code, _name in settings.LANGUAGES:
            if not Locale.objects.filter(language_code=code).exists():
                Locale.objects.create(language_code=code)
                self.log(f"locale {code}")
        self.load_author_translations()
        for code, (title, intro) in translations.HOME.items():
            home_translation = self.translate(home, code, title=title, intro=intro)
            for slug, by_language in translations.HUBS.items():
                if code in by_language:
                    hub_title, statement = by_language[code]
                    self.translate(
                        hubs[slug],
                        code,
                        title=hub_title,
                        topic_statement=statement,
                        decision_reasons=self.translated_reasons(hubs[slug], code),
                    )
            if code == translations.LOCAL_HUB["locale"]:
                self.load_local_hub(home_translation)
        for slug, by_language in translations.STORIES.items():
            story = StoryPage.objects.get(slug=slug, locale=Locale.get_default())
            for code, (title, standfirst, body) in by_language.items():
                self.translate(
                    story,
                    code,
                    title=title,
                    standfirst=standfirst,
                    body=[("paragraph", f"<p>{paragraph}</p>") for paragraph in body],
                )

    def translated_reasons(self, hub, code):
        """``hub``'s reasons for decisions in ``code``, each under its English block's id."""
        return [
            {"type": "reason", "id": block.id, "value": {"label": label, "explanation": explanation}}
            for block, (label, explanation) in zip(
                hub.decision_reasons, translations.DECISION_REASONS[code], strict=False
            )
        ]

    def translate(self, page, code, **fields):
        """The ``code`` translation of ``page`` (created and published from the given fields when missing)."""
        locale = Locale.objects.get(language_code=code)
        existing = page.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        translation = page.copy_for_translation(locale)
        for name, value in fields.items():
            setattr(translation, name, value)
        if isinstance(translation, StoryPage):
            self.link_local_authors(translation)
        elif isinstance(translation, EventPage) and translation.organiser is not None:
            translation.organiser = self.local_profile(translation.organiser, locale)
        translation.save_revision().publish()
        self.log(f"{code} translation of {page.title!r}")
        return translation

    def load_local_hub(self, home_translation):
        data = translations.LOCAL_HUB
        hub = CommunityHubPage.objects.child_of(home_translation).filter(slug=data["slug"]).first()
        if hub is not None:
            return
        hub = CommunityHubPage(
            title=data["title"],
            slug=data["slug"],
            topic_statement=data["topic_statement"],
            intro=data["intro"],
            guidelines=data["guidelines"],
        )
        home_translation.add_child(instance=hub)
        hub.hero_image = self.load_image(
            f"{data['title']} community", data["motif"], data["colours"], collection=hub.collection
        )
        hub.hero_image_alt = data["hero_image_alt"]
        hub.save_revision().publish()
        story_data = data["story"]
        story = StoryPage(
            title=story_data["title"],
            slug=story_data["slug"],
            standfirst=story_data["standfirst"],
            hero_image=self.load_image(
                story_data["title"], story_data["motif"], data["colours"], collection=hub.collection
            ),
            hero_image_alt=story_data["hero_image_alt"],
            body=[("paragraph", f"<p>{paragraph}</p>") for paragraph in story_data["body"]],
        )
        story.topics.add(*story_data["topics"])
        author = self.authors[story_data["author"]]
        story.story_authors.add(StoryAuthor(author=self.author_profiles.get((author.pk, hub.locale_id), author)))
        hub.add_child(instance=story)
        story.save_revision().publish()
        self.log(f"local hub {hub.title!r}")

    # People --------------------------------------------------------------

    def load_users(self):
        user_model = get_user_model()
        hubs = {}
        for hub in CommunityHubPage.objects.order_by("pk"):
            # A translation shares its original's slug and team: the original (the first made) names it.
            hubs.setdefault(hub.slug, hub)
        for data in content.USERS:
            user = user_model.objects.filter(username=data["username"]).first()
            if user is None:
                user = user_model(
                    username=data["username"],
                    email=f"{data['username']}@townsquare.example",
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    is_staff=data["superuser"],
                    is_superuser=data["superuser"],
                )
                user.set_password(content.DEMO_PASSWORD)
                user.save()
                self.log(f"user {user.username!r}")
            for hub_slug, roles in data["roles"].items():
                hub = hubs[hub_slug]
                for role in roles:
                    group = getattr(hub, f"{role}_group")
                    if not user.groups.filter(pk=group.pk).exists():
                        user.groups.add(group)
                        self.log(f"membership {user.username!r} in {group.name!r}")
