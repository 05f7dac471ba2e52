"""The permission matrix: every URL pattern of the project, and what each role gets from it.

``project_patterns()`` walks the URLconf (and the sub-routes of routable pages) so that a
new URL cannot slip in unnoticed: ``RULES`` must say what every role gets from it, or the
matrix fails. A rule names patterns exactly (the project's own URLs, and Wagtail's where
its answers differ screen by screen) or a group of patterns with a glob (Wagtail's admin
screens that answer alike); each case of a rule fills the pattern's arguments from the
fixture world and gives one answer per role.

Answers, one per role in ``ROLES`` order:

* ``200``, ``302``, ``400``, ``403``, ``404``, ``405``...: exactly that status (``302`` is a
  redirect that is neither the login nor Wagtail's refusal);
* ``login``: a redirect to a login page (the admin's, or the public one of a private page);
* ``denied``: Wagtail's refusal of a signed-in admin user: 403, or the redirect to the
  dashboard with a permission message.

A 5xx answer is a failure, except where a rule expects that very status (Wagtail's own
error test page).
"""

import fnmatch
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib.messages import get_messages
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern
from django.utils import translation

ROLES = ("anonymous", "visitor", "editor_a", "moderator_a", "moderator_b", "superuser")

# What an argument nobody describes is filled with: the view should answer 404.
PLACEHOLDER_INT = 999999
PLACEHOLDER_STR = "unknown"
PUBLIC_LANGUAGE = "en"


# ---------------------------------------------------------------------------
# Enumerating the URL patterns
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UrlPattern:
    """One URL pattern: its full route, qualified name and the names of its arguments."""

    route: str
    name: str | None  # "namespace:name", or None
    kwargs: tuple = ()  # names of the keyword arguments (converters and named groups)
    positional: int = 0  # unnamed regex groups
    page_model: Any = None  # a routable page's model, for its sub-routes

    @property
    def key(self):
        return self.name or self.route

    def __str__(self):
        return f"{self.key} ({self.route})" if self.name else self.route


def _arguments(pattern):
    if isinstance(pattern.pattern, RegexPattern):
        regex = pattern.pattern.regex
        return tuple(regex.groupindex), regex.groups - len(regex.groupindex)
    return tuple(pattern.pattern.converters), 0


def _walk(patterns, prefix, namespaces, kwargs, positional):
    for entry in patterns:
        names, unnamed = _arguments(entry)
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = [*namespaces, entry.namespace] if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, route, inner, kwargs + names, positional + unnamed)
        else:
            name = ":".join([*namespaces, entry.name]) if entry.name else None
            yield UrlPattern(route, name, kwargs + names, positional + unnamed)


def routable_page_patterns():
    """The sub-routes of every routable page model (hub feeds, author pages...)."""
    from wagtail.contrib.routable_page.models import RoutablePageMixin
    from wagtail.models import get_page_models

    for model in get_page_models():
        if not issubclass(model, RoutablePageMixin) or model._meta.abstract:
            continue
        label = model._meta.label_lower
        for pattern in model.get_subpage_urls():
            names, unnamed = _arguments(pattern)
            yield UrlPattern(f"<{label}>/{pattern.pattern}", f"{label}:{pattern.name}", names, unnamed, model)


def project_patterns():
    """Every URL pattern of the project, public ones under the default language's prefix."""
    with translation.override(PUBLIC_LANGUAGE):
        patterns = list(_walk(get_resolver().url_patterns, "", [], (), 0))
    return patterns + list(routable_page_patterns())


# ---------------------------------------------------------------------------
# Expectations
# ---------------------------------------------------------------------------

REFUSALS = {"login", "403", "dashboard"}
TOKENS = {"login": {"login"}, "denied": {"403", "dashboard"}}


def allowed(token, outcome):
    """Whether ``outcome`` (see ``outcome()``) is the answer ``token`` expects."""
    return outcome in TOKENS.get(token, {token})


def answers(row):
    """``"login login denied 200 403 200"`` -> one answer per role."""
    tokens = row.split()
    assert len(tokens) == len(ROLES), f"{row!r}: one answer per role, {ROLES}"
    for token in tokens:
        assert token in TOKENS or token.isdigit(), f"unknown answer {token!r} in {row!r}"
    return dict(zip(ROLES, tokens, strict=True))


def same(token):
    """Public URLs answer the same for everybody."""
    return " ".join([token] * len(ROLES))


@dataclass
class Case:
    """One request to a pattern: its arguments, method, data and the answer of each role.

    ``args`` maps argument names to keys of the world (or to literal strings the world
    does not know); ``url`` gives the path outright (patterns without a name);
    ``positional`` the unnamed regex groups; ``page`` the page serving a sub-route.
    ``effect`` (an ``Effect``) says what a POST that got through changes; any other request
    must change nothing at all.
    """

    row: str
    method: str = "GET"
    label: str = ""
    args: dict = field(default_factory=dict)
    url: str | None = None
    positional: tuple = ()
    page: str | None = None
    query: dict = field(default_factory=dict)
    data: Any = None  # a dict, or a callable(world, role) -> dict
    effect: Any = None

    @property
    def expected(self):
        return answers(self.row)


def Get(row, label="", *, url=None, positional=(), page=None, query=None, **args):  # noqa: N802 - reads as a table
    return Case(row, "GET", label, args, url, tuple(positional), page, query or {})


def Post(row, label="", *, data=None, effect=None, url=None, query=None, **args):  # noqa: N802
    return Case(row, "POST", label, args, url, (), None, query or {}, data, effect)


@dataclass
class Rule:
    """What every role gets from the patterns whose name (or route) matches ``match``."""

    match: tuple  # qualified names, or "/" + route; globs make a group rule
    cases: tuple
    note: str = ""

    def __init__(self, match, *cases, note=""):
        self.match = (match,) if isinstance(match, str) else tuple(match)
        self.cases, self.note = cases, note

    @property
    def exact(self):
        return not any(char in entry for entry in self.match for char in "*?[")

    def matches(self, pattern):
        return any(
            fnmatch.fnmatchcase(pattern.key, entry) or fnmatch.fnmatchcase("/" + pattern.route, entry)
            for entry in self.match
        )


def assign(patterns, rules):
    """(pattern -> its rule, uncovered patterns, stale rules): the first matching rule wins."""
    chosen, uncovered = {}, []
    for pattern in patterns:
        rule = next((rule for rule in rules if rule.matches(pattern)), None)
        if rule is None:
            uncovered.append(pattern)
        else:
            chosen[pattern] = rule
    used = {id(rule) for rule in chosen.values()}
    stale = [rule for rule in rules if id(rule) not in used]
    return chosen, uncovered, stale


# ---------------------------------------------------------------------------
# Building URLs from the world
# ---------------------------------------------------------------------------

# Arguments with the same meaning wherever they appear. Anything else comes from the rule's
# case, or is a placeholder the view should not find.
ARGUMENTS = {
    "page_id": "story_a",
    "parent_page_id": "hub_a",
    "page_to_move_id": "story_a",
    "destination_id": "hub_b",
    "page_pk": "story_a",
    "workflow_pk": "workflow_a",
    "collection_id": "collection_a",
    "revision_id": "revision_a",
    "task_state_id": "task_state_a",
    "task_id": "task_a",
    "workflow_state_id": "workflow_state_a",
    "action_name": "approve",
    "content_type_app_name": "stories",
    "content_type_model_name": "storypage",
    "document_id": "document_a",
    "doc_id": "document_a",
    "image_id": "image_a",
    "filter_spec": "original",
    "redirect_id": "redirect_a",
    "translation_source_id": "translation_source_a",
    "translation_id": "translation_a",
    "string_segment_id": "string_segment_a",
    "comment_id": "published_a",
    "slug": "author_slug",
}


def fill(value, world):
    """A world key becomes the object's pk (or the value itself); anything else stays a literal."""
    if isinstance(value, str) and value in world:
        value = world[value]
    return getattr(value, "pk", value)


def placeholder(pattern, name):
    return PLACEHOLDER_INT if re.search(rf"<int:{name}>|\(\?P<{name}>\\d", pattern.route) else PLACEHOLDER_STR


def build_url(pattern, case, world):
    if case.url:
        path = case.url
    elif pattern.name is None:
        assert not pattern.kwargs and not pattern.positional and "^" not in pattern.route, f"{pattern}: give a url"
        path = "/" + pattern.route
    elif pattern.page_model is not None:
        page = world[case.page or pattern.page_model._meta.label_lower]
        kwargs = {name: fill(case.args.get(name, ARGUMENTS.get(name)), world) for name in pattern.kwargs}
        path = page.url + page.reverse_subpage(pattern.name.split(":", 1)[1], kwargs=kwargs)
    else:
        kwargs = {}
        for name in pattern.kwargs:
            value = case.args.get(name, ARGUMENTS.get(name))
            kwargs[name] = placeholder(pattern, name) if value is None else fill(value, world)
        args = [fill(value, world) for value in case.positional]
        with translation.override(PUBLIC_LANGUAGE):
            path = reverse(pattern.name, args=args) if args else reverse(pattern.name, kwargs=kwargs)
    if case.query:
        path += "?" + urlencode({key: fill(value, world) for key, value in case.query.items()})
    return path


# ---------------------------------------------------------------------------
# The world: two hubs with their teams, a story, comments and admin objects in each
# ---------------------------------------------------------------------------

# Texts and addresses a role must never be shown, in any answer: held comments are for the
# moderators of their hub, and a commenter's address too.
# The markers are looked for, not the whole texts, so that a shortened excerpt counts too;
# searches use other words of the texts, as a search page shows what was searched for.
HELD_A = "Heldalpha"
HELD_B = "Heldbravo"
HELD_A_TEXT = f"{HELD_A}: which seeds grow in shade?"
HELD_B_TEXT = f"{HELD_B}: which tyres last longest?"
EMAIL_A = "alpha.commenter@example.org"
EMAIL_B = "bravo.commenter@example.org"
SECRETS = {
    "anonymous": (HELD_A, HELD_B, EMAIL_A, EMAIL_B),
    "visitor": (HELD_A, HELD_B, EMAIL_A, EMAIL_B),
    "editor_a": (HELD_A, HELD_B, EMAIL_A, EMAIL_B),
    "moderator_a": (HELD_B, EMAIL_B),
    "moderator_b": (HELD_A, EMAIL_A),
    "superuser": (),
}


def build_world():
    """Two hubs (their teams built by ``communities.teams`` when they are created), a story in
    each with a published and a held comment, a review in progress on hub A's story, and one
    object of each kind the admin lists (image, document, redirect, word list, translation...).

    Returns a dict: keys name objects (``fill`` turns them into pks) and literal values."""
    import wagtail_factories
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Locale, Page, Site
    from wagtail_localize.models import StringSegment, Translation, TranslationSource

    from communities.topics import Topic
    from events import registrations
    from moderation.models import BlockedCommenter, Comment, ModerationSettings, WordList
    from tests.factories import (
        AuthorFactory,
        CommunityHubPageFactory,
        EventPageFactory,
        HubIndexPageFactory,
        StoryPageFactory,
        UserFactory,
    )
    from tests.stories.comment_helpers import add_comment
    from townsquare.api.webhooks.models import Webhook
    from townsquare.demo.loader import ensure_wagtail_roots

    ensure_wagtail_roots()
    root = Page.get_first_root_node()
    home = HubIndexPageFactory(parent=root, title="Home", slug="matrix-home")
    site, _created = Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    hub_a = CommunityHubPageFactory(parent=home, title="Gardening", slug="gardening", publish_transparency=True)
    hub_b = CommunityHubPageFactory(parent=home, title="Cycling", slug="cycling")
    author = AuthorFactory(name="Ada Gardener")
    story_a = StoryPageFactory(parent=hub_a, title="Seeds", slug="seeds", authors=[author], topics=["seed saving"])
    story_b = StoryPageFactory(parent=hub_b, title="Wheels", slug="wheels")
    for page in (home, hub_a, hub_b, story_a, story_b):
        page.save_revision().publish()
        page.refresh_from_db()

    users = {
        "visitor": UserFactory(username="visitor"),
        "editor_a": UserFactory(username="editor_a", groups=[hub_a.editors_group]),
        "moderator_a": UserFactory(username="moderator_a", groups=[hub_a.moderators_group]),
        "moderator_b": UserFactory(username="moderator_b", groups=[hub_b.moderators_group]),
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }
    owner_a = UserFactory(username="owner_a", groups=[hub_a.owners_group])

    # An event in hub A: a guest waiting to confirm by e-mail, and its owner with a place.
    event_a = EventPageFactory(parent=hub_a, title="Seed swap", slug="seed-swap", capacity=2)
    event_a.save_revision().publish()
    event_a.refresh_from_db()
    guest_a = registrations.sign_up(event_a, name="Guest", email="guest-a@example.org", notify=False)
    attendee_a = registrations.sign_up(event_a, name="Owner", email=owner_a.email, user=owner_a, notify=False)

    published_a = add_comment(story_a, "Tomatoes love the sun.", name="Alpha Reader", email=EMAIL_A)
    held_a = add_comment(story_a, HELD_A_TEXT, name="Alpha Reader", email=EMAIL_A, state=Comment.State.HELD)
    published_b = add_comment(story_b, "Check the pressure weekly.", name="Bravo Rider", email=EMAIL_B)
    held_b = add_comment(story_b, HELD_B_TEXT, name="Bravo Rider", email=EMAIL_B, state=Comment.State.HELD)

    # Two comments of hub A rejected by its owner: one the commenter may appeal (its appeal link),
    # one appealed already (its appeal waits for another of the hub's moderators).
    from moderation import appeals, lifecycle, notices

    rejected_a = add_comment(story_a, "Buy seeds at my shop.", name="Alpha Reader", email=EMAIL_A)
    appealed_a = add_comment(story_a, "Seeds from my own garden.", name="Alpha Reader", email=EMAIL_A)
    for comment in (rejected_a, appealed_a):
        lifecycle.transition([comment], Comment.State.REJECTED, actor=owner_a, reason="Advertising")
    appeal_key_a = appeals.appeal_key(appeals.latest_decision(rejected_a))
    notice_a = notices.receive(
        published_a,
        explanation="It breaks the law.",
        location="Tomatoes",
        reporter_name="Ola",
        reporter_email="ola@example.org",
        good_faith=True,
        notify=False,
    )
    appeal_a = appeals.submit(
        appeals.open_decision(appeals.appeal_key(appeals.latest_decision(appealed_a))), "They are not for sale."
    )

    # A review in progress on hub A's story: its owners approve.
    revision_a = story_a.save_revision(user=users["editor_a"])
    workflow_state_a = hub_a.review_workflow.start(story_a, users["editor_a"])
    task_state_a = workflow_state_a.current_task_state

    # Hub A's story being translated into French through wagtail-localize: a draft translation.
    french = Locale.objects.get_or_create(language_code="fr")[0]
    for page in (home, hub_a):
        page.copy_for_translation(french).save_revision().publish()
    translation_source_a, _source_created = TranslationSource.get_or_create_from_instance(story_a)
    translation_a = Translation.objects.create(source=translation_source_a, target_locale=french)
    translation_a.save_target(publish=False)
    french_story_a = translation_a.get_target_instance()
    hub_a.review_workflow.start(french_story_a, users["editor_a"])  # submitted for review with the story

    image_a = wagtail_factories.ImageFactory(title="Alpha image", collection=hub_a.collection)
    image_b = wagtail_factories.ImageFactory(title="Bravo image", collection=hub_b.collection)
    document_a = wagtail_factories.DocumentFactory(title="Alpha document", collection=hub_a.collection)

    return {
        "home": home,
        "communities.hubindexpage": home,
        "communities.communityhubpage": hub_a,
        "site": site,
        "hub_a": hub_a,
        "hub_b": hub_b,
        "story_a": story_a,
        "story_b": story_b,
        "events.eventpage": event_a,
        "attendee_a": attendee_a,
        "confirm_key_a": registrations.confirm_key(guest_a),
        "cancel_key_a": registrations.cancel_key(guest_a),
        "author": author,
        "author_slug": author.slug,
        "topic": Topic.objects.get(tag__name="seed saving"),  # its default name, made with the tag
        "users": users,
        "owner_a": owner_a,
        "published_a": published_a,
        "held_a": held_a,
        "published_b": published_b,
        "held_b": held_b,
        "rejected_a": rejected_a,
        "appealed_a": appealed_a,
        "appeal_key_a": appeal_key_a,
        "appealed_key_a": appeals.appeal_key(appeals.latest_decision(appealed_a)),
        "appeal_a": appeal_a,
        "notice_a": notice_a,
        "revision_a": revision_a,
        "revision_b": story_b.latest_revision,
        "workflow_a": hub_a.review_workflow,
        "workflow_state_a": workflow_state_a,
        "task_state_a": task_state_a,
        "task_a": task_state_a.task,
        "collection_a": hub_a.collection,
        "group_editors_a": hub_a.editors_group,
        "translation_source_a": translation_source_a,
        "translation_a": translation_a,
        "string_segment_a": StringSegment.objects.filter(source=translation_source_a).first(),
        "locale_en": Locale.objects.get(language_code="en"),
        "image_a": image_a,
        "image_b": image_b,
        "document_a": document_a,
        "document_a_filename": document_a.filename,
        "redirect_a": Redirect.objects.create(old_path="/old-seeds", redirect_page=story_a, site=site),
        "word_list_a": WordList.objects.create(name="Garden words", language="en", hub=hub_a, words="weedkiller"),
        "webhook_a": Webhook.objects.create(
            hub=hub_a, name="Garden CRM", url="http://93.184.215.14/hook", events=["comment.held"]
        ),
        "blocked": BlockedCommenter.objects.create(label="Spammer", reason="Adverts"),
        "moderation_settings": ModerationSettings.load(),
    }


# ---------------------------------------------------------------------------
# What a request changed
# ---------------------------------------------------------------------------


def snapshot():
    """Everything a request might change: a refused request, and any GET, must leave it as it was."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        APIToken,
        Collection,
        ModelLogEntry,
        Page,
        PageLogEntry,
        Revision,
        TaskState,
        WorkflowState,
    )
    from wagtail_localize.models import Translation

    from moderation.models import (
        Appeal,
        BlockedCommenter,
        Comment,
        CommenterNote,
        IllegalContentNotice,
        Reaction,
        Report,
        WatchedCommenter,
        WordList,
    )
    from townsquare.api.webhooks.models import Webhook

    def rows(queryset, *fields):
        return list(queryset.order_by("pk").values_list("pk", *fields))

    return {
        "comments": rows(
            Comment.objects, "state", "report_count", "like_count", "answered_at", "assignee_id", "user_email"
        ),
        "pages": rows(Page.objects, "path", "live", "locked", "has_unpublished_changes", "title"),
        "appeals": rows(Appeal.objects, "status", "statement"),
        "notices": rows(IllegalContentNotice.objects, "status", "reporter_email"),
        "workflows": rows(WorkflowState.objects, "status"),
        "tasks": rows(TaskState.objects, "status"),
        "users": rows(get_user_model().objects, "is_active", "is_superuser", "password"),
        "translations": rows(Translation.objects, "enabled"),
        "webhooks": rows(Webhook.objects, "url", "secret", "is_active", "events"),
        "counts": {
            model.__name__: model.objects.count()
            for model in (
                APIToken,
                Revision,
                ModelLogEntry,
                PageLogEntry,
                Reaction,
                Report,
                BlockedCommenter,
                CommenterNote,
                WatchedCommenter,
                WordList,
                Group,
                Collection,
                Redirect,
                get_image_model(),
                get_document_model(),
            )
        },
    }


@dataclass
class Effect:
    """What a POST by one of ``roles`` changes (``check`` asserts it); for every other role,
    and whenever the answer is a refusal or a 4xx, nothing may change."""

    roles: tuple
    check: Any
    description: str


def comment_state(key, state):
    def check(world, role, before):
        from moderation.models import Comment

        assert Comment.objects.get(pk=world[key].pk).state == state

    return check


def commenter_blocked(key):
    def check(world, role, before):
        from moderation.models import BlockedCommenter, Comment

        assert Comment.objects.get(pk=world[key].pk).state == Comment.State.REJECTED
        assert BlockedCommenter.objects.count() == before["counts"]["BlockedCommenter"] + 1

    return check


def counted_once_more(model_name):
    def check(world, role, before):
        assert snapshot()["counts"][model_name] == before["counts"][model_name] + 1

    return check


def commenter_erased(email):
    def check(world, role, before):
        from moderation.models import Comment

        assert not Comment.objects.filter(user_email__iexact=email).exists()

    return check


def reaction_added(model_name, key):
    def check(world, role, before):
        from moderation.models import Comment

        assert before["counts"][model_name] + 1 == snapshot()["counts"][model_name]
        comment = Comment.objects.get(pk=world[key].pk)
        assert (comment.like_count if model_name == "Reaction" else comment.report_count) == 1

    return check


def comment_posted(world, role, before):
    """Signed in: stored at once. Anonymous: nothing stored until the e-mailed link is opened."""
    from django.core import mail

    from moderation.models import Comment

    if role == "anonymous":
        assert Comment.objects.count() == len(before["comments"])
        assert mail.outbox, "a confirmation e-mail"
    else:
        assert Comment.objects.filter(user=world["users"][role], page=world["story_a"]).count() == 1


def translation_published(world, role, before):
    from wagtail.models import Page

    french = Page.objects.get(translation_key=world["story_a"].translation_key, locale__language_code="fr")
    assert french.live and not french.has_unpublished_changes


def page_deleted(key):
    def check(world, role, before):
        from wagtail.models import Page

        assert not Page.objects.filter(pk=world[key].pk).exists()

    return check


def page_moved(key, destination):
    def check(world, role, before):
        from wagtail.models import Page

        assert Page.objects.get(pk=world[key].pk).get_parent().pk == world[destination].pk

    return check


# ---------------------------------------------------------------------------
# Reading answers
# ---------------------------------------------------------------------------


def token_issued(world, role, before):
    from wagtail.models import APIToken

    assert APIToken.objects.filter(user=world["users"][role], name="Matrix token", revoked_at=None).exists()


def outcome(response):
    """The class of an answer: ``login``, ``dashboard`` (Wagtail's refusal), or the status."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        if "/login/?next=" in location or location.endswith("/login/"):
            return "login"
        if location == "/admin/":
            texts = [str(message).lower() for message in get_messages(response.wsgi_request)]
            if any("permission" in text for text in texts):
                return "dashboard"
        return "302"
    return str(status)


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------

# Rows used by many rules. Columns: anonymous, visitor, editor_a, moderator_a, moderator_b, superuser.
EVERYONE = same("200")
ANY_ADMIN_USER = "login login 200 200 200 200"
HUB_A_EDITORS = "login login 200 denied denied 200"
SUPERUSER_ONLY = "login login denied denied denied 200"
MODERATORS = "login login 403 200 200 200"
NOT_BY_GET = "login login 405 405 405 405"
NOT_FOUND = "login login 404 404 404 404"

# The admin's own public screens: everything else under /admin/ sends anonymous users and
# visitors (no admin access) to the login.
ADMIN_WITHOUT_LOGIN = (
    "wagtailadmin_login",
    "wagtailadmin_password_reset*",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
)

SIGNED_IN = ("visitor", "editor_a", "moderator_a", "moderator_b", "superuser")
MODERATES_A = ("moderator_a", "superuser")
MODERATES_B = ("moderator_b", "superuser")


ILLEGAL_CONTENT_NOTICE = {
    "reason": "illegal",
    "explanation": "It breaks the law.",
    "location": "Tomatoes",
    "reporter_name": "Noor",
    "reporter_email": "noor@example.org",
    "good_faith": "on",
}


def notice_received(key):
    def check(world, role, before):
        from moderation.models import IllegalContentNotice

        assert IllegalContentNotice.objects.filter(comment=world[key].pk, reporter_email="noor@example.org").exists()

    return check


def appeal_made(key, statement):
    def check(world, role, before):
        from moderation.models import Appeal

        assert Appeal.objects.get(comment=world[key].pk).statement == statement

    return check


def appeal_decided(key, status):
    def check(world, role, before):
        from moderation.models import Appeal

        assert Appeal.objects.get(pk=world[key].pk).status == status

    return check


def feedback_marked(key):
    def check(world, role, before):
        from listening.models import FeedbackItem

        assert FeedbackItem.objects.filter(comment_id=world[key].pk).exists()

    return check


def comment_form(world, role):
    from tests.stories.comment_helpers import form_post

    return form_post(world["story_a"], comment="Matrix comment.")


def sign_up_form(world, role):
    from townsquare import challenge

    solution = challenge.solve(challenge.create())
    return {"name": "Matrix Guest", "email": "matrix-guest@example.org", "altcha": solution}


def erase_form(world, role):
    return {"email": EMAIL_B, "confirm": "on"}


def bulk_query(key):
    return {"id": key, "next": "/admin/moderation/pending/"}


MODEL_VIEWSET_VIEWS = (
    "index",
    "index_results",
    "add",
    "edit",
    "delete",
    "history",
    "history_results",
    "usage",
    "copy",
)

RULES: list[Rule] = [
    # -- The public site: the same answer for everybody ----------------------------------------
    Rule("healthz", Get(EVERYONE)),
    Rule("sitemap", Get(EVERYONE)),
    Rule("robots_txt", Get(EVERYONE)),
    # The open read API (docs/api.md): public pages and their images, the same for everybody.
    Rule(
        ("wagtailapi_v2:pages:listing", "wagtailapi_v2:images:listing"),
        Get(EVERYONE),
        Get(same("400"), "a limit above WAGTAILAPI_LIMIT_MAX", query={"limit": "51"}),
    ),
    Rule(
        "wagtailapi_v2:pages:detail",
        Get(EVERYONE, "story A", pk="story_a"),
        Get(EVERYONE, "story B", pk="story_b"),
        Get(same("404"), "no such page"),
    ),
    Rule("wagtailapi_v2:images:detail", Get(same("404"), "an image no public page uses", pk="image_a")),
    Rule(
        "wagtailapi_v2:pages:find",
        Get(same("302"), "story A, to its detail URL", query={"id": "story_a"}),
        Get(same("404"), "no id given"),
    ),
    Rule("wagtailapi_v2:images:find", Get(same("404"), "no id given")),
    # The comments API (docs/api.md): the same for everybody, signed in or not (the API reads no
    # session cookie: without a personal token, everybody is a guest there). JSON bodies only.
    Rule(("api-challenge", "api-discussion", "api-schema", "api-docs"), Get(EVERYONE)),
    Rule("api-comment-replies", Get(EVERYONE, "a thread's replies")),
    Rule(
        ("api-comment-post", "api-comment-report"),
        Get(same("405")),
        Post(same("415"), "a form post, not JSON", data={"text": "Hello", "reason": "spam"}),
    ),
    Rule("api-comment-like", Get(same("405")), Post(same("405"))),
    # Moderators' personal API tokens (townsquare/api/account.py), from the account settings.
    Rule(
        "api-tokens:add",
        Get(MODERATORS),
        Post(
            MODERATORS,
            "a named token: its secret shown once",
            data={"name": "Matrix token"},
            effect=Effect(("moderator_a", "moderator_b", "superuser"), token_issued, "issue a token"),
        ),
        Post("login login 403 400 400 400", "no name", data={"name": ""}),
    ),
    Rule("api-tokens:revoke", Get(NOT_FOUND, "no such token"), Post(NOT_FOUND, "no such token")),
    # The moderation API (townsquare/api/moderation.py): a personal token, never the session.
    Rule("api-moderation-queues", Get(same("401"), "no token: the session is never read")),
    Rule("api-moderation-queue", Get(same("401"), "the pending queue, no token", queue="pending")),
    Rule(
        "api-moderation-comment",
        Get(same("401"), "hub A's held comment, no token", comment_id="held_a"),
        Get(same("401"), "hub A's published comment, no token"),
    ),
    Rule(
        ("api-moderation-approve", "api-moderation-reject", "api-moderation-spam", "api-moderation-answer"),
        Post(same("401"), "hub A's held comment, no token", comment_id="held_a"),
        Post(same("401"), "hub B's held comment, no token", comment_id="held_b"),
        Get(same("405"), "by GET"),
    ),
    # Federation (docs/federation.md): what other servers call, the same for everybody; no hub of
    # the matrix's world is federated. Inboxes take signed JSON only (tests/federation).
    Rule(
        "federation-webfinger",
        Get(same("400"), "no resource named"),
        Get(same("404"), "no such account", query={"resource": "acct:nobody@testserver"}),
    ),
    Rule(("federation-actor", "federation-outbox", "federation-followers"), Get(same("404"), "no such hub")),
    Rule(
        "federation-article",
        Get(same("404"), "no such page", url="/ap/pages/00000000-0000-0000-0000-000000000000"),
    ),
    Rule("federation-note", Get(same("404"), "no such comment")),
    Rule("federation-inbox", Get(same("405")), Post(same("404"), "no such hub", data={"type": "Follow"})),
    Rule(
        "federation-shared-inbox", Get(same("405")), Post(same("400"), "a form post, not an activity", data={"a": "b"})
    ),
    # The Fediverse screens (docs/federation.md): superusers and groups given the permissions;
    # none of these roles is. A screen of one object asks before it looks (no such object: 404).
    Rule(
        (
            "fediverse-hubs:index",
            "fediverse-hubs:index_results",
            "fediverse-hubs:add",
            "fediverse-followers:index",
            "fediverse-followers:index_results",
            "fediverse-blocks:index",
            "fediverse-blocks:index_results",
            "fediverse-blocks:add",
            "fediverse-blocks:import",
            "fediverse-deliveries:index",
            "fediverse-deliveries:index_results",
        ),
        Get(SUPERUSER_ONLY),
    ),
    Rule(
        (
            "fediverse-hubs:edit",
            "fediverse-hubs:delete",
            "fediverse-hubs:history",
            "fediverse-hubs:history_results",
            "fediverse-blocks:delete",
            "fediverse-blocks:history",
            "fediverse-blocks:history_results",
            "fediverse-deliveries:inspect",
        ),
        Get("login login denied denied denied 404", "no such object"),
    ),
    Rule(
        ("fediverse-followers:accept", "fediverse-followers:refuse"),
        Post("login login denied denied denied 404", "no such follower"),
    ),
    # Webhooks (docs/webhooks.md): a hub's owners and superusers; none of these roles owns hub A.
    Rule("webhooks:rotate_secret", Get("login login denied denied denied 405", "POST only", pk="webhook_a")),
    Rule("webhooks:*", Get(SUPERUSER_ONLY, pk="webhook_a")),
    Rule("api-not-found", Get(same("404"), "an id that is not a number", url="/api/v2/comments/-3/like/")),
    Rule(
        "wagtail_serve",
        Get(EVERYONE, "home", positional=("",)),
        Get(EVERYONE, "hub A", positional=("gardening/",)),
        Get(EVERYONE, "story A", positional=("gardening/seeds/",)),
        Get(EVERYONE, "story B", positional=("cycling/wheels/",)),
        Get(same("404"), "no such page", positional=("gardening/no-such-story/",)),
    ),
    Rule(
        ("communities.hubindexpage:index", "communities.hubindexpage:index_route"),
        Get(EVERYONE),
    ),
    Rule(
        "communities.hubindexpage:author",
        Get(EVERYONE),
        Get(same("404"), "unknown author", slug="nobody"),
    ),
    Rule(
        ("communities.hubindexpage:feed_rss", "communities.hubindexpage:feed_atom"),
        Get(EVERYONE),
    ),
    Rule(
        (
            "communities.communityhubpage:index",
            "communities.communityhubpage:index_route",
            "communities.communityhubpage:feed_rss",
            "communities.communityhubpage:feed_atom",
        ),
        Get(EVERYONE, "hub A"),
        Get(EVERYONE, "hub B", page="hub_b"),
    ),
    Rule(
        "communities.communityhubpage:transparency",
        Get(EVERYONE, "hub A publishes its summary"),
        Get(same("404"), "hub B does not", page="hub_b"),
    ),
    Rule(
        "communities.communityhubpage:transparency_year",
        Get(EVERYONE, "hub A, an earlier year", year=2025),
        Get(same("404"), "hub A, before there was a site", year=1999),
        Get(same("404"), "hub B", page="hub_b", year=2025),
    ),
    # -- Events --------------------------------------------------------------------------------
    Rule(("events.eventpage:index_route", "events.eventpage:ics"), Get(EVERYONE, "hub A's event")),
    Rule(
        "events.eventpage:sign_up",
        Get(EVERYONE, "the sign-up form"),
        # A guest's post carries a solved anti-spam check; signed-in people sign up in one click.
        Post(same("302"), "a sign-up", data=sign_up_form),
    ),
    Rule(
        "events.eventpage:confirm",
        Get(same("302"), "the guest's confirmation link", key="confirm_key_a"),
        Get(same("400"), "a forged link", key="1-forged"),
    ),
    Rule(
        "events.eventpage:cancel",
        Get(EVERYONE, "the guest's cancel link", key="cancel_key_a"),
        Post(same("302"), "cancelling with it", key="cancel_key_a"),
        Get(same("400"), "a forged link", key="1-forged"),
    ),
    Rule("events_calendar", Get(EVERYONE)),
    Rule(
        "hub_events_calendar",
        Get(EVERYONE, "hub A", hub_id="hub_a"),
        Get(same("404"), "a story is not a hub", hub_id="story_a"),
    ),
    Rule(("event_attendees:index", "event_attendees:index_results"), Get(HUB_A_EDITORS)),
    Rule(
        "event_attendees:check_in",
        Get(NOT_BY_GET, pk="attendee_a"),
        Post("login login 302 denied denied 302", "checking in hub A's attendee", pk="attendee_a"),
    ),
    Rule(
        "search",
        Get(EVERYONE, "searching a held comment's words", query={"q": "seeds shade"}),
    ),
    Rule("search_suggest", Get(EVERYONE, query={"q": "shade"})),
    # -- The public discussion ----------------------------------------------------------------
    Rule(
        "comment-post",
        Get(same("405")),
        Post(
            same("302"),
            "a comment on story A",
            data=comment_form,
            effect=Effect(("anonymous", *SIGNED_IN), comment_posted, "post the comment"),
        ),
        Post(same("400"), "not a story", data={"content_type": "auth.user", "object_pk": "1"}),
    ),
    Rule(
        "comment-write",
        Get(EVERYONE, "story A"),
        Get(same("404"), "a hub is not a story", page_id="hub_a"),
        Get(same("404"), "replying to a held comment", query={"reply_to": "held_a"}),
    ),
    Rule(("comment-form-data", "comment-sent", "comment-threads"), Get(EVERYONE)),
    Rule(("comment-confirm", "comment-mute"), Get(same("400"), "a forged key", key="forged")),
    Rule(
        "mail-unsubscribe",
        Get(same("400"), "a forged key", key="forged"),
        Post(same("400"), "a forged key", key="forged"),
    ),
    Rule(
        "comment-own",
        Get(same("404"), "a forged token", token="forged"),
        Post(same("404"), "a forged token", token="forged", data={"action": "delete"}),
    ),
    Rule(
        "comment-mine",
        Get(same("404"), "someone else's comment"),
        Post(same("404"), "deleting someone else's comment", data={"action": "delete"}),
        Get(same("404"), "no such comment", comment_id="999999"),
    ),
    Rule(
        "comment-permalink",
        Get(same("302"), "published comment"),
        Get(same("404"), "held comment", comment_id="held_a"),
    ),
    Rule(
        "comment-replies",
        Get(EVERYONE, "published comment"),
        Get(same("404"), "held comment", comment_id="held_a"),
    ),
    *(
        Rule(
            f"comment-{reaction}",
            Get(EVERYONE, "published comment"),
            Get(same("404"), "held comment", comment_id="held_a"),
            Post(
                same(status),
                "published comment",
                data=data,
                effect=Effect(("anonymous", *SIGNED_IN), reaction_added(model, "published_a"), f"add a {reaction}"),
            ),
            Post(same("404"), "held comment", comment_id="held_a", data=data),
            *extra,
        )
        for reaction, model, status, data, extra in (
            ("like", "Reaction", "302", {}, ()),
            (
                "report",
                "Report",
                "200",
                {"reason": "spam"},
                (
                    Post(
                        same("200"),
                        "a notice of illegal content",
                        data=ILLEGAL_CONTENT_NOTICE,
                        effect=Effect(("anonymous", *SIGNED_IN), notice_received("published_a"), "send a notice"),
                    ),
                    Post(same("400"), "a notice without its fields", data={"reason": "illegal"}),
                ),
            ),
        )
    ),
    Rule(
        (
            "wagtailcore_login",
            "wagtailadmin_password_reset*",
            "wagtailadmin_javascript_catalog",
            "wagtailadmin_sprite",
        ),
        Get(EVERYONE),
    ),
    Rule(
        ("wagtailcore_authenticate_with_password", "wagtaildocs_authenticate_with_password"),
        Get(same("404"), "no such restriction"),
    ),
    Rule("wagtaildocs_serve", Get(EVERYONE, "hub A's document", positional=("document_a", "document_a_filename"))),
    Rule("wagtailadmin_login", Get("200 200 302 302 302 302")),
    # -- Moderation (moderation/viewsets.py) ------------------------------------------------------
    *(
        Rule(
            (f"moderation-{slug}:index", f"moderation-{slug}:index_results"),
            Get(MODERATORS),
            Get(MODERATORS, "searching a held comment's words", query={"q": "shade"}),
        )
        for slug in ("pending", "reported", "needs-response", "approved", "rejected", "spam")
    ),
    Rule(("moderation:log", "moderation:log_results"), Get(MODERATORS)),
    Rule(
        "moderation:stories",
        Get(MODERATORS),
        Get(MODERATORS, "story titles containing 'see'", query={"q": "see"}),
    ),
    Rule(
        "moderation:history",
        Get("login login 403 200 403 200", "hub A's held comment", pk="held_a"),
        Get("login login 403 403 200 200", "hub B's held comment", pk="held_b"),
        Get("login login 403 404 404 404", "no such comment"),
    ),
    Rule(
        "moderation:action",
        Get("login login 405 405 405 405", "approve by GET", pk="held_a", action="approve"),
        Post(
            "login login 403 302 403 302",
            "approve hub A's held comment",
            pk="held_a",
            action="approve",
            effect=Effect(MODERATES_A, comment_state("held_a", "published"), "publish the comment"),
        ),
        Post(
            "login login 403 403 302 302",
            "approve hub B's held comment",
            pk="held_b",
            action="approve",
            effect=Effect(MODERATES_B, comment_state("held_b", "published"), "publish the comment"),
        ),
        Post(
            "login login 403 302 403 302",
            "block hub A's commenter",
            pk="held_a",
            action="block",
            data={"reason": "Adverts"},
            effect=Effect(MODERATES_A, commenter_blocked("held_a"), "block the commenter"),
        ),
        Post("login login 403 404 404 404", "no such action", pk="held_a", action="launch"),
        Post("login login 403 404 404 404", "no such comment", action="approve"),
    ),
    Rule(
        "moderation:commenter",
        Get("login login 403 200 403 200", "the author of hub A's held comment", pk="held_a"),
        Get("login login 403 200 403 200", "in the queue's drawer", pk="held_a", query={"drawer": "1"}),
        Get("login login 403 403 200 200", "the author of hub B's held comment", pk="held_b"),
        Get("login login 403 404 404 404", "no such comment"),
        Post(
            "login login 403 302 403 302",
            "a note about hub A's commenter",
            pk="held_a",
            data={"action": "note", "text": "Asked twice about refunds."},
            effect=Effect(MODERATES_A, counted_once_more("CommenterNote"), "keep the note"),
        ),
        Post(
            "login login 403 302 403 302",
            "pre-moderate hub A's commenter",
            pk="held_a",
            data={"action": "premoderate"},
            effect=Effect(MODERATES_A, counted_once_more("WatchedCommenter"), "pre-moderate the commenter"),
        ),
        Post("login login 403 400 403 400", "an empty note", pk="held_a", data={"action": "note", "text": " "}),
        Post("login login 403 400 403 400", "no action", pk="held_a", data={"text": "Hello"}),
    ),
    Rule(("moderation-appeals:index", "moderation-appeals:index_results"), Get(MODERATORS)),
    Rule(("moderation-notices:index", "moderation-notices:index_results"), Get(MODERATORS)),
    Rule(
        "moderation:notice",
        Get("login login 403 200 403 200", "a notice about hub A's comment", pk="notice_a"),
        Get("login login 403 404 404 404", "no such notice"),
        Post(
            "login login 403 302 403 302",
            "remove hub A's comment",
            pk="notice_a",
            data={"outcome": "remove", "reason": "Illegal."},
            effect=Effect(MODERATES_A, comment_state("published_a", "rejected"), "remove the comment"),
        ),
        Post("login login 403 400 403 400", "decide without an outcome", pk="notice_a", data={"reason": "Illegal."}),
    ),
    Rule(
        "moderation:appeal",
        Get("login login 403 200 403 200", "hub A's open appeal", pk="appeal_a"),
        Get("login login 403 404 404 404", "no such appeal"),
        Post(
            "login login 403 302 403 302",
            "reverse hub A's appeal",
            pk="appeal_a",
            data={"outcome": "reverse", "reason": "Not an advert."},
            effect=Effect(MODERATES_A, appeal_decided("appeal_a", "reversed"), "reverse the decision"),
        ),
        Post(
            "login login 403 400 403 400",
            "decide without an outcome",
            pk="appeal_a",
            data={"reason": "Not an advert."},
        ),
    ),
    Rule(
        "comment-appeal",
        Get(EVERYONE, "the appeal link of a rejection", key="appeal_key_a"),
        Get(same("404"), "a forged link"),
        Get(same("409"), "a decision appealed already", key="appealed_key_a"),
        Post(
            same("200"),
            "appeal a rejection",
            key="appeal_key_a",
            data={"statement": "It is not an advert."},
            effect=Effect(
                ("anonymous", *SIGNED_IN), appeal_made("rejected_a", "It is not an advert."), "make an appeal"
            ),
        ),
        Post(same("400"), "an empty statement", key="appeal_key_a", data={"statement": " "}),
    ),
    # -- Feedback items (listening/) and insights (insights/) -----------------------------------
    Rule(("feedback:index", "feedback:index_results"), Get(MODERATORS)),
    Rule(
        "feedback:mark",
        Get(NOT_BY_GET, "mark by GET", comment_pk="published_a"),
        Post(
            "login login 403 302 403 302",
            "mark hub A's published comment",
            comment_pk="published_a",
            data={"kind": "idea"},
            effect=Effect(MODERATES_A, feedback_marked("published_a"), "mark as feedback"),
        ),
        Post("login login 403 404 404 404", "no such comment"),
    ),
    Rule(
        ("feedback:status", "feedback:assign", "feedback:respond"),
        Get(NOT_BY_GET),
        Post("login login 403 404 404 404", "no such feedback item"),
    ),
    Rule("insights", Get(MODERATORS)),
    Rule(
        "insights-transparency",
        Get(MODERATORS),
        Get(MODERATORS, "as CSV", query={"export": "csv"}),
        Get(MODERATORS, "as XLSX", query={"export": "xlsx"}),
        Get("login login 403 400 400 400", "an unknown format", query={"export": "pdf"}),
        Get("login login 403 200 403 200", "hub A's", query={"hub": "hub_a"}),
    ),
    Rule(
        "insights-export",
        Get(MODERATORS, "a table as CSV", slug="weekly"),
        Get("login login 403 404 404 404", "no such table", slug="nothing"),
    ),
    Rule(
        "moderation:erase",
        Get("login login 403 403 403 200"),
        Post(
            "login login 403 403 403 302",
            "erase hub B's commenter",
            data=erase_form,
            effect=Effect(("superuser",), commenter_erased(EMAIL_B), "erase the commenter"),
        ),
    ),
    Rule(
        "wagtail_bulk_action",
        Get(
            "login login denied 200 200 200",
            "approve hub A's held comment: confirmation",
            app_label="moderation",
            model_name="comment",
            action="approve",
            query=bulk_query("held_a"),
        ),
        Post(
            "login login denied 302 302 302",
            "approve hub A's held comment",
            app_label="moderation",
            model_name="comment",
            action="approve",
            query=bulk_query("held_a"),
            effect=Effect(MODERATES_A, comment_state("held_a", "published"), "publish the comment"),
        ),
        # Wagtail lists the pages the user may not delete apart, and deletes only the others.
        Get(
            ANY_ADMIN_USER,
            "delete hub B's story: confirmation",
            app_label="wagtailcore",
            model_name="page",
            action="delete",
            query={"id": "story_b"},
        ),
        Post(
            "login login 302 302 302 302",
            "delete hub B's story",
            app_label="wagtailcore",
            model_name="page",
            action="delete",
            query={"id": "story_b"},
            effect=Effect(("superuser",), page_deleted("story_b"), "delete the page"),
        ),
        Get(NOT_FOUND, "no such bulk action"),
    ),
    *(
        Rule(f"{viewset}:{view}", Get(SUPERUSER_ONLY, pk=key))
        for viewset, key in (("word-lists", "word_list_a"), ("blocked-commenters", "blocked"))
        for view in MODEL_VIEWSET_VIEWS
    ),
    # -- Stories and communities in the admin (stories/viewsets.py, communities/publish_together.py)
    # Author profiles: every hub's editors add and change them, its owners (not in the matrix)
    # and superusers delete them (communities.teams).
    *(
        Rule(f"wagtailsnippets_stories_author:{view}", Get(HUB_A_EDITORS, pk="author"))
        for view in (
            "list",
            "list_results",
            "add",
            "edit",
            "usage",
            "history",
            "history_results",
            "copy",
            "preview_on_add",
            "preview_on_edit",
        )
    ),
    Rule("wagtailsnippets_stories_author:delete", Get(SUPERUSER_ONLY, pk="author")),
    *(
        Rule(f"wagtailsnippetchoosers_stories_author:{view}", Get(ANY_ADMIN_USER, pk="author"))
        for view in ("choose", "choose_results", "chosen", "chosen_multiple")
    ),
    Rule("wagtailsnippetchoosers_stories_author:create", Get(HUB_A_EDITORS)),
    # Topic names: every hub's editors add and change them, its owners and superusers delete them
    # (communities.teams); translating one is wagtail-localize's, as for any snippet.
    *(
        Rule(f"wagtailsnippets_communities_topic:{view}", Get(HUB_A_EDITORS, pk="topic"))
        for view in ("list", "list_results", "add", "edit", "usage", "history", "history_results", "copy")
    ),
    Rule("wagtailsnippets_communities_topic:delete", Get(SUPERUSER_ONLY, pk="topic")),
    *(
        Rule(f"wagtailsnippetchoosers_communities_topic:{view}", Get(ANY_ADMIN_USER, pk="topic"))
        for view in ("choose", "choose_results", "chosen", "chosen_multiple")
    ),
    Rule("wagtailsnippetchoosers_communities_topic:create", Get(HUB_A_EDITORS)),
    Rule(
        "publish_with_translations",
        Get(SUPERUSER_ONLY, "story A and its French draft, both in review"),
        Post(
            "login login denied denied denied 302",
            "story A and its French draft, both in review",
            effect=Effect(("superuser",), translation_published, "approve and publish the translation"),
        ),
    ),
    Rule(
        "submit_with_translations",
        Get(HUB_A_EDITORS, "story A and its French draft"),
        Post("login login 302 denied denied 302", "both already in review: nothing submitted"),
    ),
    # -- Wagtail's admin: groups of screens -----------------------------------------------------
    Rule(("wagtailadmin_home", "/admin/test404/"), Get(ANY_ADMIN_USER)),
    Rule("/admin/^.*/$", Get(NOT_FOUND, url="/admin/no-such-screen/")),
    Rule("wagtailadmin_error_test", Get("login login 500 500 500 500"), note="Wagtail's own error test page"),
    Rule(
        ("wagtailadmin_account", "wagtailadmin_dismissibles", "wagtailadmin_tag_autocomplete", "wagtailembeds:*"),
        Get(ANY_ADMIN_USER),
    ),
    Rule("wagtailadmin_tag_model_autocomplete", Get(ANY_ADMIN_USER, app_name="taggit", model_name="tag")),
    Rule(
        ("wagtailadmin_logout", "wagtailadmin_editing_sessions:*"),
        Get(NOT_BY_GET, app_label="wagtailcore", model_name="page", object_id="story_a"),
    ),
    Rule("wagtailadmin_block_preview", Get(NOT_FOUND, "no block given")),
    # The admin API feeds the choosers: titles of pages, images and documents.
    Rule("wagtailadmin_api:*:listing", Get(ANY_ADMIN_USER)),
    Rule("wagtailadmin_api:*:find", Get(NOT_FOUND, "no id given")),
    Rule("wagtailadmin_api:pages:action", Get(NOT_BY_GET, pk="story_a", action_name="copy")),
    Rule("wagtailadmin_api:pages:detail", Get("login login 200 404 404 200", pk="story_a")),
    Rule("wagtailadmin_api:documents:detail", Get(ANY_ADMIN_USER, pk="document_a")),
    Rule("wagtailadmin_api:images:detail", Get(ANY_ADMIN_USER, pk="image_a")),
    # Pages: hub A's editors write in hub A only; moderators have no page permission at all.
    # Hub A exists in two locales, so the explorer's root for its editors is the tree's root:
    # they browse (not edit) the other hubs, as Wagtail does for any user with pages in two trees.
    Rule(
        ("wagtailadmin_explore_root", "wagtailadmin_explore", "wagtailadmin_explore_results"),
        Get(HUB_A_EDITORS, "hub A"),
        Get(HUB_A_EDITORS, "hub B: listed, not editable", parent_page_id="hub_b"),
    ),
    Rule(
        (
            "wagtailadmin_pages:add",
            "wagtailadmin_pages:preview_on_add",
            "wagtailadmin_pages:usage",
            "wagtailadmin_pages:edit",
            "wagtailadmin_pages:preview_on_edit",
            "wagtailadmin_pages:view_draft",
            "wagtailadmin_pages:copy",
            "wagtailadmin_pages:revisions_view",
            "wagtailadmin_pages:revisions_revert",
            "wagtailadmin_pages:workflow_history",
            "wagtailadmin_pages:history",
            "wagtailadmin_pages:history_results",
        ),
        Get(HUB_A_EDITORS, "hub A's story"),
        Get(SUPERUSER_ONLY, "hub B's story", page_id="story_b", parent_page_id="hub_b", revision_id="revision_b"),
    ),
    Rule("wagtailadmin_pages:workflow_history_detail", Get(HUB_A_EDITORS, "hub A's story under review")),
    Rule(
        "wagtailadmin_pages:revisions_compare",
        Get(HUB_A_EDITORS, "hub A's story", pk="story_a", revision_id_a="earliest", revision_id_b="latest"),
        Get(SUPERUSER_ONLY, "hub B's story", pk="story_b", revision_id_a="earliest", revision_id_b="latest"),
    ),
    Rule(
        "wagtailadmin_pages:add_subpage",
        # A hub takes stories and events: Wagtail asks which.
        Get(HUB_A_EDITORS, "hub A"),
        Get(SUPERUSER_ONLY, "hub B", parent_page_id="hub_b"),
    ),
    Rule(
        (
            "wagtailadmin_pages:type_use",
            "wagtailadmin_pages:type_use_results",
            "wagtailadmin_pages:search",
            "wagtailadmin_pages:search_results",
        ),
        Get(HUB_A_EDITORS, query={"q": "Seeds"}),
    ),
    Rule(
        "wagtailadmin_pages:choose_parent",
        Get(
            "login login 302 200 200 200",
            "to hub A, the editor's only choice",
            app_label="stories",
            model_name="storypage",
        ),
    ),
    # Deleting, unpublishing, moving, privacy and review decisions belong to hub owners.
    Rule(
        (
            "wagtailadmin_pages:delete",
            "wagtailadmin_pages:unpublish",
            "wagtailadmin_pages:move",
            "wagtailadmin_pages:set_privacy",
            "wagtailadmin_pages:revisions_unschedule",
            "wagtailadmin_pages:workflow_action",
            "wagtailadmin_pages:collect_workflow_action_data",
            "wagtailadmin_pages:workflow_preview",
        ),
        Get(SUPERUSER_ONLY, "hub A's story"),
    ),
    Rule("wagtailadmin_pages:convert_alias", Get(NOT_FOUND, "not an alias")),
    Rule(
        "wagtailadmin_pages:move_confirm",
        Get(ANY_ADMIN_USER, "hub A's story to hub B: Wagtail checks on POST"),
        Post(
            "login login denied denied denied 302",
            "hub A's story to hub B",
            effect=Effect(("superuser",), page_moved("story_a", "hub_b"), "move the page"),
        ),
    ),
    Rule(
        ("wagtailadmin_pages:set_page_position", "wagtailadmin_pages:lock", "wagtailadmin_pages:unlock"),
        Get(NOT_BY_GET),
    ),
    Rule("wagtailadmin_pages:confirm_workflow_cancellation", Get(ANY_ADMIN_USER)),
    Rule("wagtailadmin_pages:revisions_index", Get("login login 302 302 302 302", "redirects to the history")),
    Rule("wagtailadmin_choose_page*", Get(ANY_ADMIN_USER)),
    # Images: hub A's editors use hub A's collection. Wagtail counts "delete" as "change".
    Rule(
        ("wagtailimages:index", "wagtailimages:index_results", "wagtailimages:add", "wagtailimages:add_multiple"),
        Get(HUB_A_EDITORS),
    ),
    Rule(
        ("wagtailimages:edit", "wagtailimages:delete", "wagtailimages:preview", "wagtailimages:image_usage"),
        Get(HUB_A_EDITORS, "hub A's image"),
        Get(SUPERUSER_ONLY, "hub B's image", image_id="image_b"),
    ),
    Rule(
        ("wagtailimages:url_generator", "wagtailimages:url_generator_output"),
        Get("login login 404 denied denied 404", "the URL generator is off"),
    ),
    Rule("wagtailimages:*multiple*", Get(NOT_BY_GET)),
    Rule(
        (
            "wagtailimages_chooser:choose",
            "wagtailimages_chooser:choose_results",
            "wagtailimages_chooser:chosen_multiple",
        ),
        Get(ANY_ADMIN_USER),
    ),
    Rule(
        ("wagtailimages_chooser:chosen", "wagtailimages_chooser:create", "wagtailimages_chooser:select_format"),
        Get(HUB_A_EDITORS, pk="image_a"),
    ),
    # Documents: nobody but superusers.
    Rule("wagtaildocs:add_multiple", Get(SUPERUSER_ONLY)),
    Rule("wagtaildocs:*multiple*", Get(NOT_BY_GET)),
    Rule("wagtaildocs:*", Get(SUPERUSER_ONLY)),
    Rule(
        ("wagtaildocs_chooser:choose", "wagtaildocs_chooser:choose_results", "wagtaildocs_chooser:chosen_multiple"),
        Get(ANY_ADMIN_USER),
    ),
    Rule(("wagtaildocs_chooser:chosen", "wagtaildocs_chooser:create"), Get(SUPERUSER_ONLY, pk="document_a")),
    # Site configuration: superusers only.
    Rule("wagtailadmin_collections:delete", Get("login login 404 404 404 200", pk="collection_a")),
    Rule("wagtailadmin_collections:*", Get(SUPERUSER_ONLY, pk="collection_a")),
    Rule(
        ("wagtailadmin_workflows:enable", "wagtailadmin_workflows:remove", "wagtailadmin_workflows:enable_task"),
        Get(NOT_BY_GET, pk="workflow_a"),
    ),
    Rule("wagtailadmin_workflows:task_chooser*", Get(ANY_ADMIN_USER)),
    Rule("wagtailadmin_workflows:task_chosen", Get(ANY_ADMIN_USER)),
    Rule("wagtailadmin_workflows:select_task_type", Get("login login denied denied denied 302", "one task type")),
    Rule(
        "wagtailadmin_workflows:*",
        Get(SUPERUSER_ONLY, pk="workflow_a", app_label="wagtailcore", model_name="groupapprovaltask"),
    ),
    Rule("wagtailadmin_reports:locked_pages*", Get(SUPERUSER_ONLY)),
    Rule("wagtailadmin_reports:site_history*", Get(ANY_ADMIN_USER)),
    Rule("wagtailadmin_reports:*", Get(HUB_A_EDITORS)),
    # The story translations report: the team of a hub sees its stories (stories.translation_report).
    Rule(("stories_translation_report", "stories_translation_report_results"), Get(HUB_A_EDITORS)),
    Rule("wagtailredirects:process_import", Get("login login denied denied denied 405")),
    Rule("wagtailredirects:*", Get(SUPERUSER_ONLY)),
    Rule(
        "/admin/settings/<slug:app_name>/<slug:model_name>/",
        Get(
            "login login 302 302 302 302",
            "to the setting's own URL",
            app_name="moderation",
            model_name="moderationsettings",
        ),
    ),
    Rule(
        "wagtailsettings:edit",
        Get(SUPERUSER_ONLY, app_name="moderation", model_name="moderationsettings", pk="moderation_settings"),
    ),
    Rule(
        "wagtailsettings:preview_on_edit",
        Get(
            "login login denied denied denied 404",
            "not previewable",
            app_name="moderation",
            model_name="moderationsettings",
            pk="moderation_settings",
        ),
    ),
    Rule(
        "wagtailsnippets:index",
        Get("login login denied denied denied denied", "no snippet model without its own menu"),
    ),
    Rule("wagtaillocales:*", Get(SUPERUSER_ONLY, pk="locale_en")),
    Rule("wagtailsites:*", Get(SUPERUSER_ONLY, pk="site")),
    Rule("wagtailusers_users:*", Get(SUPERUSER_ONLY, pk="owner_a")),
    Rule("wagtailusers_groups:*", Get(SUPERUSER_ONLY, pk="group_editors_a")),
    Rule(("wagtailforms:index", "wagtailforms:index_results"), Get(HUB_A_EDITORS)),
    Rule("wagtailforms:list_submissions*", Get(NOT_FOUND, "a story is not a form")),
    Rule("wagtailforms:delete_submissions", Get("login login denied denied denied denied", "a story is not a form")),
    # Translations (wagtail-localize) of hub A's story.
    Rule(
        (
            "wagtail_localize:javascript_catalog",
            "wagtail_localize:translations_report",
            "wagtail_localize:translations_report_results",
        ),
        Get(ANY_ADMIN_USER),
    ),
    # Starting and syncing translations: the hub's team only (communities.translation_rights serves
    # these addresses in front of wagtail-localize's views).
    Rule(
        (
            "wagtail_localize:submit_page_translation",
            "wagtail_localize:update_translations",
            "communities_submit_page_translation",
            "communities_update_translations",
        ),
        Get(HUB_A_EDITORS),
    ),
    Rule(
        "wagtail_localize:submit_snippet_translation",
        Get(
            "login login 404 denied denied 404",
            "authors are not synced by wagtail-localize",
            app_label="stories",
            model_name="author",
            pk="author",
        ),
    ),
    Rule(
        (
            "wagtail_localize:edit_string_translation",
            "wagtail_localize:edit_override",
            "wagtail_localize:upload_pofile",
            "wagtail_localize:machine_translate",
            "wagtail_localize:stop_translation",
        ),
        Get(NOT_BY_GET, overridable_segment_id="string_segment_a"),
    ),
    Rule(
        ("wagtail_localize:download_pofile", "/admin/localize/translate/<int:translation_id>/preview/"),
        Get(HUB_A_EDITORS),
    ),
    Rule(
        ("/admin/localize/translate/<int:translation_id>/preview/<str:mode>/", "wagtail_localize:convert_to_alias"),
        Get("login login 404 denied denied 404", "no such preview mode; not an alias"),
    ),
    Rule(
        "wagtail_localize:snippets_api_*",
        Get(
            NOT_FOUND,
            "authors are not synced by wagtail-localize",
            app_label="stories",
            model_name="author",
            pk="author",
        ),
    ),
]
