"""Cheaper page serving for the public hierarchy (home → hub → story).

Wagtail's default routing fetches each child as a generic page and then
again as its specific type (two queries per level), and checks view
restrictions with two queries. Townsquare knows which type lives at each
level, so it fetches the specific child in one query and the restrictions of
all ancestors in one: a story page is served in fewer queries, whatever it shows.
"""

from django.db.models import Q
from wagtail.models import PageViewRestriction


class SpecificChildRoutingMixin:
    """Route to children of ``child_page_model()`` in one query; other paths fall back to Wagtail's."""

    def child_page_queryset(self):
        return None

    def route(self, request, path_components):
        queryset = self.child_page_queryset() if path_components else None
        if queryset is not None:
            child = queryset.child_of(self).filter(slug=path_components[0]).first()
            if child is not None:
                child._cached_parent_obj = self  # get_parent() without a query
                return child.route(request, path_components[1:])
        return super().route(request, path_components)


class OneQueryViewRestrictionsMixin:
    """Wagtail's view-restriction check (run on every serve) in one query instead of two."""

    def get_view_restrictions(self):
        # The restrictions of this page and its ancestors (and of the pages they are aliases of) at once.
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        ).distinct()
