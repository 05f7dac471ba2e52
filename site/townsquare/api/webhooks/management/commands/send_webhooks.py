"""``manage.py send_webhooks``: the webhooks' sweep (run every minute, from cron or a scheduler)."""

from django.core.management.base import BaseCommand

from townsquare.api.webhooks.tasks import sweep


class Command(BaseCommand):
    help = (
        "Announce questions unanswered past their target, queue the webhook deliveries due for "
        "another attempt, delete delivery log entries older than 30 days."
    )

    def handle(self, *args, **options):
        done = sweep()
        self.stdout.write(
            f"{done['questions']} overdue question(s) announced, {done['queued']} delivery attempt(s) queued, "
            f"{done['pruned']} old log entry(ies) deleted."
        )
