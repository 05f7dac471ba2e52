"""Each rule of moderation gives the same result whichever path applied it: a single action
(the form), keyboard triage (the same URL asked for JSON) or a bulk action (Wagtail's bulk-action
URL). All three go through ``lifecycle.transition``; this proves they cannot drift apart.
Also: no module outside ``moderation.lifecycle`` writes a comment's state."""

import ast
import pathlib

import pytest
from django.test import TestCase
from wagtail.models import ModelLogEntry

from moderation import lifecycle
from moderation.models import Comment
from tests.moderation.test_actions import act, comment_in
from tests.stories.comment_helpers import add_comment

State = Comment.State
REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _each_test_in_a_savepoint(db):
    """The module's ``world`` keeps the database open: every test still rolls back its own changes."""


def run(path, client, comment, action, reason):
    data = {"reason": reason} if reason else {}
    if path == "single":
        response = act(client, comment, action, json=False, **data)
        assert response.status_code == 302
    elif path == "keyboard":
        response = act(client, comment, action, **data)
        assert response.status_code == 200, response.content
    else:
        url = f"/admin/bulk/moderation/comment/{action}/?next=/admin/moderation/pending/&id={comment.pk}"
        response = client.post(url, data)
        assert response.status_code == 302, response.content


# (start state, reports, action, reason, expected state)
RULES = {
    "approving a held reported comment dismisses its reports": (State.HELD, 3, "approve", "", State.PUBLISHED),
    "approving a published reported comment keeps it and dismisses them": (
        State.PUBLISHED,
        2,
        "approve",
        "",
        State.PUBLISHED,
    ),
    "rejecting hides its published replies, each audited": (State.PUBLISHED, 0, "reject", "Rude", State.REJECTED),
    "spam hides its published replies, each audited": (State.PUBLISHED, 0, "spam", "", State.SPAM),
}


def outcome_of(path, world, mod_client, rule):
    start, reports, action, reason, _expected = RULES[rule]
    comment = comment_in(world, start)
    Comment.objects.filter(pk=comment.pk).update(report_count=reports)
    comment.refresh_from_db()
    reply = add_comment(world.story_a, "I agree.", parent=comment, name="Sam", state=State.PUBLISHED)
    told = []

    def receiver(sender, changes, **kwargs):
        told.append(sorted((c.comment.pk, c.old_state, c.new_state, c.cascaded) for c in changes))

    lifecycle.comments_changed.connect(receiver, dispatch_uid="test-one-rule")
    try:
        before = ModelLogEntry.objects.count()
        with TestCase.captureOnCommitCallbacks(execute=True):
            run(path, mod_client, comment, action, reason)
    finally:
        lifecycle.comments_changed.disconnect(dispatch_uid="test-one-rule")
    ids = {comment.pk: "comment", reply.pk: "reply"}
    rows = Comment.objects.filter(pk__in=ids).values_list("pk", "state", "report_count", "hidden_with_id", "is_public")
    entries = ModelLogEntry.objects.order_by("pk")[before:]
    return {
        "comments": sorted(
            (ids[pk], state, flags, ids.get(hidden), public) for pk, state, flags, hidden, public in rows
        ),
        "audit": sorted(
            (ids[int(e.object_id)], e.action, e.data.get("old_state"), e.data.get("new_state"), e.user_id)
            for e in entries
        ),
        "told": [[(ids[pk], old, new, cascaded) for pk, old, new, cascaded in batch] for batch in told],
    }


@pytest.mark.parametrize("rule", list(RULES))
def test_single_keyboard_and_bulk_apply_the_same_rule(world, mod_client, rule):
    results = {path: outcome_of(path, world, mod_client, rule) for path in ("single", "keyboard", "bulk")}
    assert results["single"] == results["keyboard"] == results["bulk"], results
    start, reports, action, _reason, expected = RULES[rule]
    result = results["single"]
    comment_state = {name: (state, flags) for name, state, flags, _h, _p in result["comments"]}
    assert comment_state["comment"] == (expected, 0)  # reports dismissed on approval; none otherwise
    audited = {(name, action_name) for name, action_name, *_rest in result["audit"]}
    if start == State.PUBLISHED and expected != State.PUBLISHED:
        assert comment_state["reply"][0] == State.HELD
        assert ("reply", "townsquare_comment.held") in audited  # the cascaded reply has its own entry
        assert len(result["told"]) == 1 and len(result["told"][0]) == 2  # one batch for both
    if reports:
        assert ("comment", "townsquare_comment.reports_dismissed") in audited


WRITERS = ("state", "is_public", "is_removed")


def test_no_module_outside_lifecycle_writes_a_comment_state():
    """Assignments ``x.state = ...`` and ``.update(state=...)`` (xtd's flags too) in the apps."""
    offenders = []
    apps = ("communities", "stories", "moderation", "listening", "insights", "search")
    files = [f for app in apps for f in (REPO / app).rglob("*.py") if "migrations" not in f.parts]
    assert len(files) > 50, files  # the apps were found
    for file in files:
        if file.is_relative_to(REPO / "moderation" / "lifecycle"):
            continue
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for item in target.elts if isinstance(target, ast.Tuple) else [target]:
                        if isinstance(item, ast.Attribute) and item.attr in WRITERS:
                            offenders.append(f"{file.relative_to(REPO)}:{node.lineno}")
            is_update = (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update"
            )
            if is_update and any(keyword.arg in WRITERS for keyword in node.keywords):
                offenders.append(f"{file.relative_to(REPO)}:{node.lineno}")
    # Comment.save derives xtd's flags from the state (never the reverse); the policy's Decision
    # is the state a new comment starts in, before any row exists.
    allowed = {"moderation/models.py", "moderation/policy.py"}
    offenders = [o for o in offenders if o.split(":")[0] not in allowed]
    assert offenders == [], offenders
