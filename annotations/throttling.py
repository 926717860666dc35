"""How fast a member may post: a fixed window per minute, counted in the shared cache."""

import time

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache

from annotations.errors import AnnotationError

TOO_FAST = (
    "You are posting faster than {limit} times a minute. Wait a minute and post again: "
    "your text is still in the form."
)


def check_posting_rate(user: User) -> None:
    """Count one post for `user`; refuse it when the minute's allowance is spent."""
    limit = settings.READINGGROUP_POSTS_PER_MINUTE
    key = f"readinggroup:posts:{user.pk}:{int(time.time() // 60)}"
    # add() only sets a missing key, so the first post of a minute starts the count at 1.
    count = 1 if cache.add(key, 1, timeout=90) else cache.incr(key)
    if count > limit:
        raise AnnotationError(TOO_FAST.format(limit=limit))
