"""Give the comments imported under a placeholder (a blog commenter's name) to the member who
wrote them, once they have an account; without arguments, list the placeholders."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from annotations.errors import AnnotationError
from annotations.source_comments import PLACEHOLDER_PREFIX, claim_placeholder


class Command(BaseCommand):
    help = "Give a placeholder's imported comments to a member's account (or list placeholders)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("placeholder", nargs="?", help="e.g. imported-mike")
        parser.add_argument("member", nargs="?", help="The username of the member's account.")

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model().objects
        if not options["placeholder"]:
            placeholders = users.filter(username__startswith=PLACEHOLDER_PREFIX, is_active=False)
            for user in placeholders.annotate(total=Count("annotations")).order_by("username"):
                self.stdout.write(f"{user.username} ({user.first_name}): {user.total} comments")
            return
        if not options["member"]:
            raise CommandError("Name the member's account too: claim_comments PLACEHOLDER MEMBER.")
        try:
            placeholder = users.get(username=options["placeholder"])
            member = users.get(username=options["member"])
        except users.model.DoesNotExist:
            raise CommandError(
                "No such account: run claim_comments without arguments to list placeholders."
            ) from None
        try:
            moved = claim_placeholder(placeholder=placeholder, member=member)
        except AnnotationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"{moved} comments are now {member.username}'s."))
