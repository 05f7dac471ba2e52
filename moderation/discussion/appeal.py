"""The appeal link of a decision notice: a short form, "why do you think the decision is wrong".

``moderation.appeals`` holds the rules (one appeal per decision, the window, the comment the
link was made for); this view shows the decision and the form, and answers a refusal with its
message and status: 404 for a forged link, 409 when already appealed, 410 when too late or
superseded, 400 for an empty or too long statement (the text kept in the form).
"""

from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from moderation import appeals, decisions


@never_cache
@require_http_methods(["GET", "POST"])
def appeal(request, key):
    try:
        decision = appeals.open_decision(key)
    except appeals.AppealRefused as refusal:
        return render(request, "moderation/discussion/error.html", {"message": str(refusal)}, status=refusal.status)
    context = {
        "decision": decision,
        "comment": decision.comment,
        "story": decision.comment.page.specific if decision.comment.page_id else None,
        "explained": decisions.explain(decision.comment, decision.entry.data),
        "max_length": appeals.STATEMENT_MAX_LENGTH,
        "statement": "",
    }
    if request.method == "POST":
        statement = request.POST.get("statement", "")
        try:
            appeals.submit(decision, statement, language=get_language())
        except appeals.AppealRefused as refusal:
            context.update(error=str(refusal), statement=statement)
            return render(request, "moderation/discussion/appeal.html", context, status=refusal.status)
        return render(request, "moderation/discussion/appealed.html", context)
    return render(request, "moderation/discussion/appeal.html", context)
