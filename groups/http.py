"""The request a signed-in page receives: its user is a member's account, never anonymous."""

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    """The type of `request` in views behind @login_required (django-stubs' recipe): services
    take a `User`, and `request.user` is one there. The project keeps Django's own user model
    (AUTH_USER_MODEL is unset), so `User` is the concrete type everywhere."""

    user: User
