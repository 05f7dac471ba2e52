"""The permission matrix: every URL pattern of the project × six roles, from one table.

``tests/security/url_matrix.py`` enumerates the URL patterns and holds the table of
expectations. A pattern without an expectation fails the suite (a new URL must say who
may use it), and so does a rule that matches no pattern any more.

Each role runs in its own test (its own rolled-back transaction) against one world built
for the module; each request runs in a savepoint rolled back after it, so a POST that got
through does not change what the next request sees. Beyond the status, every request is
checked for:

* no 5xx;
* nothing changed when the answer is a refusal or a 4xx, nor by any GET; a POST that got
  through changed what its rule says;
* texts the role must never see (another hub's held comments, commenters' addresses)
  absent from the answer.

The figure (patterns × roles, requests) is printed in the terminal summary.
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.http.cookie import SimpleCookie
from django.urls import NoReverseMatch

from tests.security import url_matrix as matrix

pytestmark = [
    pytest.mark.slow,
    # wagtail-localize's translations report paginates an unordered queryset.
    pytest.mark.filterwarnings("ignore::django.core.paginator.UnorderedObjectListWarning"),
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield matrix.build_world()
        transaction.set_rollback(True)


def test_every_url_pattern_has_an_expectation():
    patterns = matrix.project_patterns()
    assert len(patterns) > 200, "the walk found Wagtail's admin patterns"
    _chosen, uncovered, stale = matrix.assign(patterns, matrix.RULES)
    assert not uncovered, "URL patterns without an expectation in tests/security/url_matrix.py RULES:\n" + "\n".join(
        f"  {pattern}" for pattern in uncovered
    )
    assert not stale, "rules that match no URL pattern any more:\n" + "\n".join(f"  {rule.match}" for rule in stale)


def test_table_keeps_the_ground_rules():
    """Public URLs answer the same for everybody; anonymous users and visitors reach no admin screen."""
    chosen, _uncovered, _stale = matrix.assign(matrix.project_patterns(), matrix.RULES)
    for pattern, rule in chosen.items():
        for case in rule.cases:
            answers = case.expected
            where = f"{pattern} [{case.label}]"
            if not pattern.route.startswith("admin/"):
                assert len(set(answers.values())) == 1, f"{where}: a public URL answers alike for everybody"
            elif not matrix.Rule(matrix.ADMIN_WITHOUT_LOGIN).matches(pattern):
                assert answers["anonymous"] == answers["visitor"] == "login", f"{where}: behind the admin login"


def test_unknown_pattern_is_reported_uncovered():
    new = matrix.UrlPattern("admin/brand-new/", "brand_new:index")
    _chosen, uncovered, _stale = matrix.assign([new], matrix.RULES)
    assert uncovered == [new]


def check(client, world, role, pattern, case, before):
    """Problems with one request, as strings (none when it answered as expected).

    ``before`` is the world's snapshot: every request starts from it, as each one runs in a
    savepoint rolled back after it."""
    try:
        url = matrix.build_url(pattern, case, world)
    except NoReverseMatch as error:
        return [f"{pattern} [{case.label}]: cannot build the URL: {error}"]
    expected = case.expected[role]
    problems = []
    with transaction.atomic():
        data = case.data(world, role) if callable(case.data) else case.data or {}
        response = client.post(url, data) if case.method == "POST" else client.get(url)
        got = matrix.outcome(response)
        if not matrix.allowed(expected, got):
            location = f" -> {response['Location']}" if response.has_header("Location") else ""
            problems.append(f"expected {expected}, got {got}{location}")
        effect = case.effect
        changes_expected = (
            effect is not None
            and role in effect.roles
            and got not in matrix.REFUSALS
            and not got.startswith(("4", "5"))
        )
        if changes_expected:
            try:
                effect.check(world, role, before)
            except AssertionError as error:
                problems.append(f"did not {effect.description}: {error}")
        else:
            after = matrix.snapshot()
            changed = sorted(key for key in before if before[key] != after[key])
            if changed:
                problems.append(f"changed {', '.join(changed)}")
        if not response.streaming:
            body = response.content.decode(errors="replace")
            shown = [secret for secret in matrix.SECRETS[role] if secret in body]
            if shown:
                problems.append(f"shows {shown}")
        transaction.set_rollback(True)
    return [f"{case.method} {url} [{case.label or pattern.key}]: {problem}" for problem in problems]


@pytest.mark.parametrize("role", matrix.ROLES)
def test_permission_matrix(db, client, world, role, mailoutbox, report_figure):
    chosen, _uncovered, _stale = matrix.assign(matrix.project_patterns(), matrix.RULES)
    client.raise_request_exception = False  # a 5xx is an answer to report, with all the others
    if role != "anonymous":
        client.force_login(world["users"][role])
    signed_in = SimpleCookie(client.cookies.output(header="", sep="\n"))
    before = matrix.snapshot()

    problems, requests, posts = [], 0, 0
    for pattern, rule in chosen.items():
        for case in rule.cases:
            mailoutbox.clear()
            problems += check(client, world, role, pattern, case, before)
            requests += 1
            posts += case.method == "POST"
            # Back to the signed-in session: no message, login or logout carries over to the next request.
            client.cookies = SimpleCookie(signed_in.output(header="", sep="\n"))
            assert settings.SESSION_COOKIE_NAME in client.cookies or role == "anonymous"
    assert matrix.snapshot() == before, "every request was rolled back"

    assert not problems, f"{role}: {len(problems)} of {requests} requests answered unexpectedly:\n" + "\n".join(
        problems
    )
    exact = sum(rule.exact for rule in chosen.values())
    report_figure(
        f"permission matrix, {role}: {len(chosen)} URL patterns ({exact} with an exact rule, "
        f"{len(chosen) - exact} under a group rule): {requests} requests, {posts} of them POSTs, "
        "all answered as expected"
    )
