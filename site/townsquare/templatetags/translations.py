"""Template tags for pages in several languages: the switcher and the hreflang alternates."""

from typing import NamedTuple

from django import template
from django.conf import settings
from django.db.models import F, Func, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

register = template.Library()


class Translation(NamedTuple):
    code: str
    name: str
    url: str
    comment_count: int


@register.simple_tag(takes_context=True)
def page_translations(context, page):
    """Live translations of ``page`` (itself included), as [(language code, name, url)]; one query.

    Only translations that exist are listed, so the switcher never links to a missing page."""
    request = context.get("request")
    if page is None or not getattr(page, "pk", None):
        return []
    cache = getattr(request, "_townsquare_translations", None) if request else None
    if cache is not None and page.pk in cache:
        return cache[page.pk]
    from moderation.models import Comment

    names = dict(settings.LANGUAGES)
    comments = (
        Comment.objects.published().filter(page=OuterRef("pk")).order_by().annotate(n=Func(F("pk"), function="COUNT"))
    )
    pages = (
        page.get_translations(inclusive=True)
        .live()
        # Same query, not Wagtail's public(): a translation with its own view restriction is left out.
        .filter(view_restrictions__isnull=True)
        .select_related("locale")
        .annotate(comment_count=Coalesce(Subquery(comments.values("n")[:1]), Value(0)))
        .order_by("locale_id")
    )
    translations = []
    for translation in pages:
        code = translation.locale.language_code
        url = translation.get_url(request)
        if url and code in names:
            absolute = request.build_absolute_uri(url) if request else url
            translations.append(Translation(code, names[code], absolute, translation.comment_count))
    if request is not None:
        request._townsquare_translations = {**(cache or {}), page.pk: translations}
    return translations


@register.simple_tag
def default_language_code():
    return settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def comments_in_other_languages(context, page):
    """[(name, url, count)] of the page's translations that have published comments, besides this one."""
    here = get_language()
    return [t for t in page_translations(context, page) if t.code != here and t.comment_count]
