"""Security headers on every kind of response, and production settings that pass Django's deploy check.

Public pages forbid inline scripts through the Content-Security-Policy; that only holds
because no template has an inline script, style or event handler, which is checked here
too. A browser test loads the demo's public pages and counts CSP violations: none.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import AuthorFactory, StoryPageFactory, UserFactory
from tests.stories.comment_helpers import add_comment
from tests.stories.test_brochure import form as story_form

REPO = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = ["site", "communities", "stories", "moderation", "search"]


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_public_headers(response):
    csp = policy(response)
    assert csp, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts == ["'self'"], csp
    assert "'unsafe-inline'" not in csp.get("style-src", [])
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.fixture
def story(hub):
    story = StoryPageFactory(parent=hub, title="Seeds", slug="seeds")
    add_comment(story, "Lovely seeds")
    return story


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/en/", 200),
        ("/en/gardening/", 200),
        ("/en/gardening/seeds/", 200),
        ("/en/gardening/feed/rss/", 200),
        ("/en/search/?q=seeds", 200),
        ("/en/search/suggest/?q=se", 200),
        ("/en/comments/write/{pk}/", 200),
        ("/en/comments/form-data/{pk}/", 200),
        ("/en/no-such-page/", 404),
        ("/healthz", 200),
        ("/sitemap.xml", 200),
    ],
)
def test_public_responses_carry_every_security_header(client, story, url, status):
    response = client.get(url.format(pk=story.pk))
    assert response.status_code == status
    assert_public_headers(response)


def test_a_page_served_from_the_cache_keeps_its_headers(story, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()
    Client().get("/en/gardening/seeds/")
    cached = Client().get("/en/gardening/seeds/")
    assert cached["X-Page-Cache"] == "hit"
    assert_public_headers(cached)
    cache.clear()


def test_the_admin_may_frame_itself_but_no_other_site_may(client, home):
    client.force_login(UserFactory(is_superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    csp = policy(response)
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_page_preview_may_be_framed_by_the_admin(client, story):
    """The editor's live preview: the story as readers will see it, under the public policy, except
    that the admin may frame it."""
    client.force_login(UserFactory(is_superuser=True))
    url = f"/admin/pages/{story.pk}/edit/preview/"
    data = story_form(AuthorFactory(), ["Sow in spring."])
    data.update({"title": "Seeds", "slug": "seeds"})
    assert client.post(url, data).json()["is_valid"]
    response = client.get(f"{url}?in_preview_panel=true")
    assert response.status_code == 200 and story.title in response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    csp = policy(response)
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]


def project_templates():
    for directory in TEMPLATE_DIRS:
        yield from (REPO / directory).rglob("templates/**/*.html")


def test_templates_have_no_inline_script_style_or_handler():
    """What lets the policy forbid inline scripts and styles without breaking a page."""
    offences = []
    for template in project_templates():
        text = template.read_text()
        for number, line in enumerate(text.splitlines(), 1):
            where = f"{template.relative_to(REPO)}:{number}"
            if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", line) and 'type="application/json"' not in line:
                offences.append(f"{where}: inline <script>")
            if re.search(r"<style\b", line):
                offences.append(f"{where}: <style> element")
            if re.search(r"\sstyle=", line):
                offences.append(f"{where}: style attribute")
            if re.search(r"\son[a-z]+=", line):
                offences.append(f"{where}: event handler attribute")
            if re.search(r"javascript:", line, re.IGNORECASE):
                offences.append(f"{where}: javascript: URL")
    assert list(project_templates()), "no templates found"
    assert offences == []


def test_production_settings_pass_the_deploy_check(tmp_path):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a deployment check.
    ignored = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environ = {k: v for k, v in os.environ.items() if k not in ignored}
    environ.update(
        DJANGO_SETTINGS_MODULE="townsquare.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="community.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
