"""How members are named on pages: the rule lives in groups.names."""

from django import template
from django.contrib.auth.models import User

from groups import names

register = template.Library()


@register.filter
def display_name(user: User | None) -> str:
    """`{{ user|display_name }}`: see groups.names.display_name."""
    return names.display_name(user)
