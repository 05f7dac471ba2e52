"""What the listings of cases about comments share — the Appeals queue (``appeal_views``) and the
Illegal content queue (``notice_views``): the open cases unless ``?status=`` names another,
scoped to the hubs the user moderates (each case keeps its hub), exported as CSV or XLSX by Wagtail."""

from django.utils import timezone
from wagtail.admin.views.generic import IndexView

from moderation.admin_access import ModeratorOnlyMixin
from moderation.permissions import scope_comments


class CaseIndexView(ModeratorOnlyMixin, IndexView):
    paginate_by = 25
    related = ()  # read with the cases (select_related)
    case_ordering = ("pk",)
    export_name = "cases"

    def get_filename(self):
        return f"{self.export_name}-{timezone.localdate():%Y-%m-%d}"

    def get_base_queryset(self):
        queryset = self.model.objects.select_related(*self.related)
        status = self.request.GET.get("status", self.model.Status.OPEN)
        if status in self.model.Status.values:
            queryset = queryset.filter(status=status)
        return scope_comments(queryset, self.request.user)  # by the case's own hub: its comment may be gone

    def order_queryset(self, queryset):
        return queryset.order_by(*self.case_ordering)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = self.model.Status.choices
        return context
