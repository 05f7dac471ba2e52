"""The public sitemap: every live, public page of the requested site, in every language, with hreflang alternates."""

import operator
from functools import cached_property, reduce

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class TranslatedPagesSitemap(Sitemap):
    """Pages under the site's root page and under each of its translations, on the requested host.

    Wagtail's own sitemap lists the root page's tree only; here the other languages' home pages
    are siblings of the default one, not descendants. Each URL carries ``<xhtml:link>``
    alternates (Django's ``sitemap.xml`` template renders them) for the page's live, public
    translations in this sitemap, so that every group of translations is reciprocal, plus an
    ``x-default``. An untranslated page has none, as in the page's own ``<head>``.

    Instantiated per request by ``wagtail.contrib.sitemaps.views.sitemap``, which passes the request.
    """

    @cached_property
    def languages(self):
        return [code for code, _name in settings.LANGUAGES]

    @cached_property
    def site_pages_q(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True).values_list("path", flat=True)
        return reduce(operator.or_, (Q(path__startswith=path) for path in roots))

    @cached_property
    def private_q(self):
        # Computed once: Wagtail's public() reads every view restriction each time it is called.
        return Page.objects.all().private_q()

    def site_pages(self):
        return (
            Page.objects.filter(self.site_pages_q, locale__language_code__in=self.languages)
            .live()
            .exclude(self.private_q)
        )

    def items(self):
        return self.site_pages().order_by("path")

    def location(self, obj):
        url = obj.get_url(self.request)
        return self.request.build_absolute_uri(url) if url else None

    def alternates_by_translation_key(self, items):
        """{translation key: [{"lang_code", "location"}, ...]} for the translation groups of ``items``.

        One query for a whole paginator page: the group's members may be on other pages."""
        groups = {}
        translations = (
            self.site_pages()
            .filter(translation_key__in=items.values("translation_key"))
            .select_related("locale")
            .order_by("translation_key")
        )
        for translation in translations:
            location = self.location(translation)
            if location:
                groups.setdefault(translation.translation_key, {})[translation.locale.language_code] = location
        alternates = {}
        for key, locations in groups.items():
            if len(locations) < 2:
                continue
            entries = [
                {"lang_code": code, "location": locations[code]} for code in self.languages if code in locations
            ]
            # The default language's version when there is one; None means "the page itself".
            entries.append({"lang_code": "x-default", "location": locations.get(settings.LANGUAGE_CODE)})
            alternates[key] = entries
        return alternates

    def _urls(self, page, protocol, domain):
        # Django's i18n sitemap assumes one object per language; here each translation is its own
        # page, so locations and alternates come from the pages and the request, not the protocol
        # and domain Django passes.
        items = self.paginator.page(page).object_list
        alternates = self.alternates_by_translation_key(items)
        urls = []
        for item in items:
            location = self.location(item)
            if location is None:
                continue
            urls.append(
                {
                    "item": item,
                    "location": location,
                    "lastmod": self.lastmod(item),
                    "changefreq": None,
                    "priority": "",
                    "alternates": [
                        {**entry, "location": entry["location"] or location}
                        for entry in alternates.get(item.translation_key, [])
                    ],
                }
            )
        lastmods = [url["lastmod"] for url in urls]
        # Django's view sends Last-Modified only when every URL has a date.
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls
