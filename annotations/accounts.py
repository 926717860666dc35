"""What deleting a member's account does to what they wrote."""

from django.contrib.auth.models import User
from django.db import transaction

from annotations.models import Annotation


def delete_member(*, user: User) -> None:
    """Delete an account. Its annotations in groups stay, anonymised ("former member"), so the
    replies to them keep their context; its private notes, which nobody else can read, go; the
    imported comments it claimed are signed by their source author again, unclaimed."""
    with transaction.atomic():
        notes = Annotation.objects.private_notes().filter(author=user)
        # Replies protect their parents: delete from the leaves up.
        while notes.exists():
            notes.filter(replies__isnull=True).delete()
        user.delete()
