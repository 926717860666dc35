"""How members are named on pages."""

from django import template
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ObjectDoesNotExist

register = template.Library()

FORMER_MEMBER = "former member"


@register.filter
def display_name(user: AbstractBaseUser | None) -> str:
    """The member's chosen display name, else their full name, else their user name.

    Pages that list many members select `profile` with them, so this costs no query.
    """
    if user is None:
        return FORMER_MEMBER
    try:
        chosen = user.profile.display_name
    except ObjectDoesNotExist:
        chosen = ""
    return chosen or user.get_full_name() or user.get_username()
