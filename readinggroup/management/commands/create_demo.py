"""Create the development demo: accounts, a public and a private group, a first discussion,
and an upcoming meeting with an agenda drawn from it.

Running it again changes nothing.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from annotations.models import Annotation
from annotations.moderation import hide
from annotations.permissions import viewer
from annotations.reactions import mark_answer, toggle_reaction
from annotations.selections import Selection
from annotations.writing import create_annotation, reply_to_annotation
from groups.models import Group, Membership
from groups.services import add_document, create_group, update_profile
from meetings.services import add_item, create_meeting
from meetings.suggestions import suggest
from texts.models import Document, Revision

# Development only, documented in the README; the command refuses to run with debug off.
DEMO_ADMIN = ("admin", "readinggroup-admin")
DEMO_PASSWORD = "readinggroup-demo"  # noqa: S105
DEMO_MEMBERS = [
    ("ana", "Ana Ortiz", "Organizer with a tenants' union; reads Gramsci on the bus."),
    ("ben", "Ben Okafor", "Labour historian."),
    ("cleo", "Cleo Martin", "New to all this, asks the good questions."),
    ("dev", "Dev Raman", "Not in any group yet: try an invitation link."),
]
QUIET_MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
BLOG = "mass-organization-and-political-organization"
FDCA = "anarchist-communists-and-the-mass-organization"


class Command(BaseCommand):
    help = "Create demo accounts, groups and annotations for local development (not in production)."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development: DJANGO_DEBUG is off.")
        documents = {d.slug: d for d in Document.objects.with_current_revision()}
        if not {BLOG, FDCA} <= documents.keys():
            raise CommandError("Load the seed texts first: python manage.py load_seeds")
        # The demo's discussion is made-up history: its notifications belong in the members'
        # in-app lists, not in a terminal full of emails that buries the sign-in details.
        with override_settings(MAILERS=QUIET_MAILERS), transaction.atomic():
            members = self._accounts()
            if not Group.objects.filter(slug="open-reading-circle").exists():
                self._groups(members, documents)
                self.stdout.write(
                    self.style.SUCCESS("  Created two demo groups with a discussion.")
                )
        names = ", ".join(name for name, *_ in DEMO_MEMBERS)
        self.stdout.write(
            f"  Sign in as {DEMO_ADMIN[0]} / {DEMO_ADMIN[1]} (site admin), or as {names} / "
            f"{DEMO_PASSWORD} (members). Development only: never on a public server."
        )

    def _accounts(self) -> dict[str, User]:
        user_model = get_user_model()
        username, password = DEMO_ADMIN
        if not user_model.objects.filter(username=username).exists():
            user_model.objects.create_superuser(username, "admin@example.org", password)
            self.stdout.write(self.style.SUCCESS(f"  Created demo admin {username!r}."))
        members = {}
        for username, name, bio in DEMO_MEMBERS:
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@example.org",
                    "password": make_password(DEMO_PASSWORD),
                },
            )
            if created:
                update_profile(user=user, display_name=name, bio=bio)
                self.stdout.write(self.style.SUCCESS(f"  Created demo member {username!r}."))
            members[username] = user
        return members

    def _groups(self, members: dict[str, User], documents: dict[str, Document]) -> None:
        circle = create_group(
            creator=members["ana"],
            name="Open Reading Circle",
            slug="open-reading-circle",
            description="A public circle reading texts on mass and political organization.",
            visibility=Group.Visibility.PUBLIC,
            join_policy=Group.JoinPolicy.OPEN,
        )
        study = create_group(
            creator=members["ben"],
            name="Tuesday Study Circle",
            slug="tuesday-study-circle",
            description="A private study circle. Members join by invitation.",
        )
        Membership.objects.create(
            group=circle, user=members["ben"], role=Membership.Role.FACILITATOR
        )
        Membership.objects.create(group=circle, user=members["cleo"])
        Membership.objects.create(
            group=study, user=members["ana"], role=Membership.Role.FACILITATOR
        )
        for slug in (BLOG, FDCA):
            add_document(group=circle, document=documents[slug])
        add_document(group=study, document=documents[BLOG])
        revision = documents[BLOG].revision
        question = create_annotation(
            author=members["ana"],
            revision=revision,
            group=circle,
            selection=_phrase(revision, "on the intervention of conscious revolutionaries"),
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
            body="Mike's comment below says STO later abandoned this thesis, which matters here. "
            "@ana, worth a look?",
        )
        mark_answer(viewer=viewer(members["ana"], circle), question=question, reply=answer)
        for name, kind in (("cleo", "agree"), ("ana", "insightful")):
            toggle_reaction(viewer=viewer(members[name], circle), annotation=answer, kind=kind)
        flame = create_annotation(
            author=members["cleo"],
            revision=revision,
            group=circle,
            selection=_phrase(revision, "Yup. This is true of anarchists too."),
            body="Whoever wrote this knows nothing about unions.",
        )
        hide(
            moderator=members["ana"],
            annotation=flame,
            reason="Please argue with the text, not the person.",
        )
        create_annotation(
            author=members["cleo"],
            revision=revision,
            group=circle,
            selection=_phrase(revision, "even though embryonic"),
            body="Worth bringing to the meeting: Gramsci's *embryonic* conception, and Mike's "
            "point below about dual consciousness.",
            tags=["consciousness"],
        )
        create_annotation(
            author=members["ben"],
            revision=revision,
            group=study,
            selection=_phrase(revision, "Status Quo:"),
            body="For Tuesday: compare this section with the FdCA text's *Mistakes to be Avoided*.",
        )
        create_annotation(
            author=members["ana"],
            revision=revision,
            group=None,
            selection=_phrase(revision, "I like this."),
            body="Private note: ask Ben what he makes of this.",
        )

        self._meeting(members, circle, documents[BLOG], question)

    def _meeting(
        self, members: dict[str, User], circle: Group, blog: Document, question: Annotation
    ) -> None:
        """Next week's meeting, its agenda drawn from the discussion above."""
        start = timezone.localtime() + timedelta(days=7)
        meeting = create_meeting(
            group=circle,
            by=members["ana"],
            title="Consciousness and organization",
            starts_at=start.replace(hour=19, minute=0, second=0, microsecond=0),
            duration_minutes=90,
            place="Library, room 2",
            document=blog,
            range_start=1,
            range_end=40,
        )
        add_item(
            meeting=meeting,
            annotation=question,
            minutes=25,
            prompt="Does revolutionary consciousness need to come *from outside* the class?",
            facilitator_notes="Start with Ana's question; bring in Mike's comment about 1971.",
        )
        suggestions = suggest(meeting)  # None only for a meeting without a reading
        quiet = next(iter(suggestions.quiet), None) if suggestions else None
        if quiet is not None:
            add_item(
                meeting=meeting,
                start_ordinal=quiet.ordinal,
                end_ordinal=quiet.ordinal,
                minutes=15,
                prompt="Nobody annotated this yet: what is it doing here?",
            )


def _phrase(revision: Revision, phrase: str) -> Selection:
    """The selection of the first occurrence of `phrase` in the revision."""
    paragraph = revision.paragraphs.filter(text__contains=phrase).first()
    if paragraph is None:
        raise CommandError(f"The demo phrase {phrase!r} is not in the seed text.")
    start = paragraph.text.index(phrase)
    return Selection(paragraph.anchor, start, paragraph.anchor, start + len(phrase))
