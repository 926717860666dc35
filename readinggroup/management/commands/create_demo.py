"""Create the development demo accounts and a first discussion; running it again changes nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from annotations.models import Annotation
from annotations.services import Selection, create_annotation, reply_to_annotation
from texts.models import Document, Revision

# Development only, documented in the README; the command refuses to run with debug off.
DEMO_ADMIN = ("admin", "readinggroup-admin")
DEMO_PASSWORD = "readinggroup-demo"  # noqa: S105
DEMO_MEMBERS = [("ana", "Ana Ortiz"), ("ben", "Ben Okafor"), ("cleo", "Cleo Martin")]
BLOG = "mass-organization-and-political-organization"


class Command(BaseCommand):
    help = "Create demo accounts and annotations for local development (refused with debug off)."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development: DJANGO_DEBUG is off.")
        with transaction.atomic():
            self._accounts()
            self._discussion()
        self.stdout.write(
            f"  Sign in as {DEMO_ADMIN[0]} / {DEMO_ADMIN[1]} (admin), or as "
            f"{', '.join(name for name, _ in DEMO_MEMBERS)} / {DEMO_PASSWORD} (members). "
            "Development only: never on a public server."
        )

    def _accounts(self) -> None:
        user_model = get_user_model()
        username, password = DEMO_ADMIN
        if not user_model.objects.filter(username=username).exists():
            user_model.objects.create_superuser(username, "admin@example.org", password)
            self.stdout.write(self.style.SUCCESS(f"  Created demo admin {username!r}."))
        for username, full_name in DEMO_MEMBERS:
            first, last = full_name.split()
            _, created = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                    "password": make_password(DEMO_PASSWORD),
                },
            )
            if created:
                self.stdout.write(self.style.SUCCESS(f"  Created demo member {username!r}."))

    def _discussion(self) -> None:
        document = Document.objects.with_current_revision().filter(slug=BLOG).first()
        if document is None or Annotation.objects.filter(author__username="ana").exists():
            return
        members = {
            u.username: u
            for u in get_user_model().objects.filter(username__in=["ana", "ben", "cleo"])
        }
        revision = document.current_revision
        question = create_annotation(
            author=members["ana"],
            revision=revision,
            selection=_phrase(
                revision, "depends, fundamentally, on the intervention of conscious revolutionaries"
            ),
            body="Is this the claim the whole post argues against? It reads like Lenin's "
            "*What Is to Be Done?*",
            motivation=Annotation.Motivation.QUESTION,
            tags=["consciousness", "lenin"],
        )
        answer = reply_to_annotation(
            author=members["ben"],
            parent=question,
            body="Yes: the blogger's point (a) answers it with Hungary and France.",
        )
        reply_to_annotation(
            author=members["cleo"],
            parent=answer,
            body="Mike's comment below says STO later abandoned this thesis, which matters here.",
        )
        create_annotation(
            author=members["cleo"],
            revision=revision,
            selection=_phrase(revision, "even though embryonic"),
            body="Worth bringing to the meeting: Gramsci's *embryonic* conception, and Mike's "
            "point below about dual consciousness. What does it explain that false consciousness "
            "does not?",
            tags=["consciousness"],
        )
        self.stdout.write(self.style.SUCCESS("  Created a demo discussion on the blog post."))


def _phrase(revision: Revision, phrase: str) -> Selection:
    """The selection of the first occurrence of `phrase` in the revision."""
    paragraph = revision.paragraphs.filter(text__contains=phrase).first()
    if paragraph is None:
        raise CommandError(f"The demo phrase {phrase!r} is not in the seed text.")
    start = paragraph.text.index(phrase)
    return Selection(paragraph.anchor, start, paragraph.anchor, start + len(phrase))
