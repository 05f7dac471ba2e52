"""The comment policy: decides the state of a new comment and says why.

``decide()`` is the one place that turns a hub's comment policy into a
state. Each reason is recorded on the comment, so a moderator sees exactly
why a comment waits ("held: first comment from this address").
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from communities.models import CommunityHubPage


@dataclass
class Decision:
    state: str
    reasons: list = field(default_factory=list)

    def hold(self, code, message):
        from moderation.models import Comment

        self.state = Comment.State.HELD
        self.reasons.append({"code": code, "message": str(message)})


def is_first_time(email, user):
    from moderation.models import Comment

    published = Comment.objects.published()
    if user is not None and user.is_authenticated:
        return not published.filter(user=user).exists()
    return not published.filter(user_email__iexact=email).exists()


def decide(*, hub, user, email, is_staff_answer):
    """The state a new comment starts in, with the reasons for it."""
    from moderation.models import Comment

    decision = Decision(Comment.State.PUBLISHED)
    if is_staff_answer:
        return decision
    if hub.premoderation == CommunityHubPage.Premoderation.ALL:
        decision.hold("premoderation", _("This community reviews every comment before it appears."))
    elif hub.premoderation == CommunityHubPage.Premoderation.FIRST_TIME and is_first_time(email, user):
        decision.hold("first_time", _("First comment from this commenter."))
    return decision
