"""The search form: turns a visitor's query string into a ``Query``, whatever they typed.

Nothing here refuses a search. A value that cannot be used (an unknown hub, a date that is not a
date, a page number that is not a number) is dropped with a notice that says so, and the search
runs without it.
"""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from search.backends.base import SORTS, Query
from search.models import SearchEntry

MAX_QUERY_LENGTH = 200
MAX_PAGE = 500  # deep pages are for robots; Elasticsearch stops at 10,000 hits anyway
PER_PAGE = 10
MAX_ID = 2**63 - 1


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    kind = forms.ChoiceField(
        label=_("Show"), required=False, choices=[("", _("Everything")), *SearchEntry.Kind.choices]
    )
    # Past the largest database key a number is no hub, and looking it up would crash the query.
    hub = forms.IntegerField(label=_("Hub"), required=False, min_value=1, max_value=MAX_ID)
    topic = forms.SlugField(label=_("Topic"), required=False, allow_unicode=True, max_length=100)
    author = forms.SlugField(label=_("Author"), required=False, allow_unicode=True, max_length=140)
    date_from = forms.DateField(label=_("Published from"), required=False)
    date_to = forms.DateField(label=_("Published until"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[("relevance", _("Relevance")), ("date", _("Newest first"))]
    )
    page = forms.IntegerField(required=False, min_value=1)

    NOTICES = {
        "kind": _("That kind of result does not exist, so every kind is shown."),
        "hub": _("That hub does not exist, so results from every hub are shown."),
        "topic": _("That topic does not exist, so results on every topic are shown."),
        "author": _("That author does not exist, so results by every author are shown."),
        "date_from": _("The start date was not a date (use YYYY-MM-DD), so it was ignored."),
        "date_to": _("The end date was not a date (use YYYY-MM-DD), so it was ignored."),
        "sort": _("Results are sorted by relevance: that order does not exist."),
        "page": _("That page number was not a number, so the first page is shown."),
    }

    def __init__(self, data, language, **kwargs):
        data = data.copy()
        for old, new in (("from", "date_from"), ("to", "date_to")):  # short names in URLs
            if old in data and new not in data:
                data[new] = data[old]
        super().__init__(data, **kwargs)
        self.language = language
        self.notices = []

    def full_clean(self):
        # Cut an over-long query before validation, so that it is searched rather than refused.
        text = self.data.get("q", "")
        if len(text) > MAX_QUERY_LENGTH:
            self.data = self.data.copy()
            self.data["q"] = text[:MAX_QUERY_LENGTH]
            self.too_long = True
        super().full_clean()

    def to_query(self):
        """The ``Query`` to run; ``self.notices`` then lists what was changed and why."""
        self.is_valid()
        values = {}
        for name in self.fields:
            if name in self.errors:
                self.notices.append(str(self.NOTICES.get(name, _("A value was ignored."))))
                values[name] = None
            else:
                values[name] = self.cleaned_data.get(name)
        if getattr(self, "too_long", False):
            self.notices.append(
                gettext("Your search was shortened to its first %(count)d characters.") % {"count": MAX_QUERY_LENGTH}
            )
        self._check_exists(values)
        date_from, date_to = values["date_from"], values["date_to"]
        if date_from and date_to and date_from > date_to:
            date_from, date_to = date_to, date_from
            self.notices.append(gettext("The dates were the wrong way round, so they were swapped."))
        page = values["page"] or 1
        if page > MAX_PAGE:
            self.notices.append(gettext("Results stop at page %(max)d.") % {"max": MAX_PAGE})
            page = MAX_PAGE
        return Query(
            text=values["q"] or "",
            language=self.language,
            kind=values["kind"] or "",
            hub=values["hub"],
            topic=values["topic"] or "",
            author=values["author"] or "",
            date_from=date_from,
            date_to=date_to,
            sort=values["sort"] if values["sort"] in SORTS else "relevance",
            page=page,
            per_page=PER_PAGE,
        )

    def _check_exists(self, values):
        from communities.models import CommunityHubPage
        from stories.models import Author

        checks = {
            "hub": lambda value: CommunityHubPage.objects.live().filter(pk=value).exists(),
            "topic": lambda value: Tag.objects.filter(slug=value).exists(),
            "author": lambda value: Author.objects.filter(slug=value).exists(),
        }
        for name, exists in checks.items():
            if values[name] and not exists(values[name]):
                self.notices.append(str(self.NOTICES[name]))
                values[name] = None
