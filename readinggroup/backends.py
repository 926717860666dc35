"""Authentication: allauth's backend, loading a member's profile with them."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser


class MemberBackend(AuthenticationBackend):
    """Every page names the signed-in member: fetch their profile in the same query."""

    def get_user(self, user_id: int) -> AbstractBaseUser | None:
        user = get_user_model().objects.select_related("profile").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
