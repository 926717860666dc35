"""Give the comments a source author (a commenter of an imported blog, known by name and site)
wrote to the member who wrote them, once they have an account; without arguments, list the
source authors with their comment counts."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from annotations.errors import AnnotationError
from annotations.models import SourceAuthor
from annotations.source_comments import claim_source_author

USAGE = (
    "Name the source author, their source and the member's account: "
    "claim_comments NAME SOURCE MEMBER (run it without arguments to list the source authors)."
)


class Command(BaseCommand):
    help = "Give a source author's imported comments to a member's account (or list them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", nargs="?", help='The name they signed with, e.g. "Mike".')
        parser.add_argument("source", nargs="?", help="Their site, e.g. example.wordpress.com.")
        parser.add_argument("member", nargs="?", help="The username of the member's account.")

    def handle(self, *args: Any, **options: Any) -> None:
        name, source, username = options["name"], options["source"], options["member"]
        if not name:
            self._list()
            return
        if not (source and username):
            raise CommandError(USAGE)
        try:
            source_author = SourceAuthor.objects.get(name=name, source=source)
        except SourceAuthor.DoesNotExist:
            raise CommandError(
                f"No commenter {name} on {source}: run claim_comments without arguments to "
                "list them."
            ) from None
        users = get_user_model().objects
        try:
            member = users.get(username=username)
        except users.model.DoesNotExist:
            raise CommandError(f"No account named {username}.") from None
        try:
            moved = claim_source_author(source_author=source_author, member=member)
        except AnnotationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"{moved} comments of {source_author} are now {username}'s.")
        )

    def _list(self) -> None:
        authors = SourceAuthor.objects.select_related("claimed_by").annotate(
            total=Count("annotations")
        )
        for author in authors:
            claimed = f", claimed by {author.claimed_by.username}" if author.claimed_by else ""
            self.stdout.write(f"{author}: {author.total} comments{claimed}")
