"""How members are named to others: the one rule every page, email and form follows."""

from django.contrib.auth.models import User
from django.core.exceptions import ObjectDoesNotExist

# What pages show for an account that was deleted (its annotations stay, anonymised).
FORMER_MEMBER = "former member"


def display_name(user: User | None) -> str:
    """The member's chosen display name, else their full name, else their user name; for None
    (a deleted account), FORMER_MEMBER.

    Pages that list many members select `profile` with them, so this costs no query.
    """
    if user is None:
        return FORMER_MEMBER
    try:
        chosen = user.profile.display_name
    except ObjectDoesNotExist:
        chosen = ""
    return chosen or user.get_full_name() or user.get_username()
