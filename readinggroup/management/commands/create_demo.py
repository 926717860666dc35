"""Create the development demo accounts; running it again changes nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

# Development only, documented in the README; the command refuses to run with debug off.
DEMO_ADMIN = ("admin", "readinggroup-admin")


class Command(BaseCommand):
    help = "Create demo accounts for local development (refused when DJANGO_DEBUG is off)."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development: DJANGO_DEBUG is off.")
        username, password = DEMO_ADMIN
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            self.stdout.write(f"  Demo admin {username!r} exists, unchanged.")
        else:
            user_model.objects.create_superuser(username, "admin@example.org", password)
            self.stdout.write(self.style.SUCCESS(f"  Created demo admin {username!r}."))
        self.stdout.write(
            f"  Sign in at /admin/ as {username} / {password} (development only: never on a "
            "public server)."
        )
