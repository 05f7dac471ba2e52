"""The insights page per hub and site-wide, and the CSV export of each of its tables; the
transparency report (``insights.transparency``), with its CSV and XLSX export.

Only moderators see it, for the hubs they moderate; a hub they do not moderate is a 403,
with a message, for the page and for its exports alike.
"""

import csv

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from communities.models import CommunityHubPage
from insights import charts, metrics, transparency
from insights.forms import InsightsFilterForm
from moderation.permissions import can_moderate_anything, moderated_hub_ids, scope_hubs
from townsquare.validation import parse_number


def chosen_hub(request):
    """The hub of ``?hub=`` (None: every hub the user moderates); 404 when unknown, 403 when not theirs."""
    value = request.GET.get("hub", "")
    if not value:
        return None
    hub_id = parse_number(value)
    hub = CommunityHubPage.objects.filter(pk=hub_id).first() if hub_id else None
    if hub is None:
        raise Http404(_("There is no such hub."))
    hubs = moderated_hub_ids(request.user)
    if hubs is not None and hub.pk not in hubs:
        raise PermissionDenied
    return hub


def refuse(request, message, status):
    return TemplateResponse(request, "moderation/forbidden.html", {"message": message}, status=status)


def prepared(request, compute=metrics.compute):
    """(hub, form, figures or None) for the request, ``compute(hub_ids, start, end)`` giving the
    figures (the insights, or the transparency report); raises PermissionDenied / Http404."""
    if not can_moderate_anything(request.user):
        raise PermissionDenied
    hub = chosen_hub(request)
    form = InsightsFilterForm(request.GET.copy())
    if not form.is_valid():
        return hub, form, None
    # Show the dates used, defaults included, in the filter's fields.
    form.data.update(start=form.cleaned_data["start"].isoformat(), end=form.cleaned_data["end"].isoformat())
    hub_ids = [hub.pk] if hub else moderated_hub_ids(request.user)
    start, end = form.period()
    return hub, form, compute(None if hub_ids is None else list(hub_ids), start, end)


@require_safe
def insights_view(request):
    try:
        hub, form, insights = prepared(request)
    except PermissionDenied:
        return refuse(request, _("You do not moderate this hub, so you cannot see its insights."), 403)
    context = {
        "hub": hub,
        "hubs": scope_hubs(request.user),
        "form": form,
        "insights": insights,
        "query": request.GET.urlencode(),
    }
    if insights is None:
        return TemplateResponse(request, "insights/index.html", context, status=400)
    weekly = insights.table("weekly").rows
    context["comments_chart"] = charts.bar_chart(
        "chart-comments",
        _("Comments per week"),
        _("%(total)s comments in %(weeks)s weeks; the most in one week: %(peak)s.")
        % {
            "total": sum(row[1] for row in weekly),
            "weeks": len(weekly),
            "peak": max((row[1] for row in weekly), default=0),
        },
        [(row[0].strftime("%d %b"), row[1]) for row in weekly],
    )
    context["commenters_chart"] = charts.bar_chart(
        "chart-commenters",
        _("New and returning commenters per week"),
        _("%(new)s new and %(returning)s returning commenters over the period.")
        % {"new": sum(row[4] for row in weekly), "returning": sum(row[5] for row in weekly)},
        [(row[0].strftime("%d %b"), row[4]) for row in weekly],
        stacked_second=[(row[0].strftime("%d %b"), row[5]) for row in weekly],
    )
    return TemplateResponse(request, "insights/index.html", context)


@require_safe
def export_view(request, slug):
    """One table of the page as CSV, with the same hub and dates."""
    try:
        hub, form, insights = prepared(request)
    except PermissionDenied:
        return refuse(request, _("You do not moderate this hub, so you cannot export its insights."), 403)
    if insights is None:
        return refuse(request, " ".join(form.non_field_errors()) or _("Check the dates."), 400)
    if slug not in insights.tables:
        raise Http404(_("There is no such table."))
    table = insights.table(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    scope = f"hub-{hub.pk}" if hub else "all-hubs"
    response["Content-Disposition"] = (
        f'attachment; filename="insights-{slug}-{scope}-{form.cleaned_data["start"]}-{form.cleaned_data["end"]}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow([str(column) for column in table.columns])
    for row in table.rows:
        writer.writerow(["" if value is None else str(value) for value in row])
    return response


class TransparencyExport(SpreadsheetExportMixin):
    """Wagtail's spreadsheet export (CSV and XLSX) of the transparency report's rows."""

    list_export = ["section", "item", "automated", "human", "total"]
    export_headings = {
        "section": gettext_lazy("Section"),
        "item": gettext_lazy("What"),
        "automated": gettext_lazy("Automated"),
        "human": gettext_lazy("By a person"),
        "total": gettext_lazy("Total"),
    }

    def __init__(self, filename):
        self.filename = filename

    def get_filename(self):
        return self.filename


@require_safe
def transparency_view(request):
    """What was decided about comments, and what visitors asked for, for a hub or all of the user's
    hubs over a period; ``?export=csv`` or ``xlsx`` downloads the same figures."""
    try:
        hub, form, report = prepared(request, transparency.compute)
    except PermissionDenied:
        return refuse(request, _("You do not moderate this hub, so you cannot see its transparency report."), 403)
    export = request.GET.get("export")
    if export and export not in TransparencyExport.FORMATS:
        return refuse(request, _("Choose CSV or XLSX."), 400)
    if report is not None and export:
        scope = f"hub-{hub.pk}" if hub else "all-hubs"
        filename = f"transparency-{scope}-{form.cleaned_data['start']}-{form.cleaned_data['end']}"
        return TransparencyExport(filename).as_spreadsheet(report.export_rows(), export)
    context = {
        "hub": hub,
        "hubs": scope_hubs(request.user),
        "form": form,
        "report": report,
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "insights/transparency.html", context, status=200 if report else 400)
