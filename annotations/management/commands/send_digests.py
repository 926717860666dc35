"""Email each member who asked for it a daily digest per group. Run it from cron, once a day:

0 7 * * * cd /srv/readinggroup && .venv/bin/python manage.py send_digests
"""

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from annotations.notifications import send_digest


class Command(BaseCommand):
    help = "Queue the daily digest emails (one per group) for members who chose digests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours", type=int, default=24, help="How far back to look (default: 24)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        since = timedelta(hours=options["hours"])
        members = (
            get_user_model()
            .objects.filter(notification_preference__digest=True, is_active=True)
            .exclude(email="")
        )
        emails = sum(send_digest(member, since) for member in members)
        self.stdout.write(
            f"Queued {emails} digest email{'s' * (emails != 1)} for {members.count()} members."
        )
