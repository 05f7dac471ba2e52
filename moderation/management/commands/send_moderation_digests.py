"""``manage.py send_moderation_digests``: e-mail due moderators about held comments (run every few minutes)."""

from django.core.management.base import BaseCommand

from moderation.digest import send_digests


class Command(BaseCommand):
    help = "E-mail each hub moderator the comments held since their last digest (at most one per interval)."

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {send_digests()} digest(s).")
