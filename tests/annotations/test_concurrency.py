"""No post lost under concurrency (issue 13, 1): many members replying in the same second, through
the live server (several threads, each with its own connection), on SQLite and PostgreSQL."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from annotations import writing
from annotations.models import Annotation
from annotations.selections import Selection
from tests.live_posting import post_as, session_of
from texts.models import Document


@pytest.mark.django_db(transaction=True)
def test_twenty_replies_at_once_from_ten_members_are_all_stored(
    live_server: object, seeds: dict[str, Document], make_group: Callable, make_member: Callable
) -> None:
    document = next(iter(seeds.values()))
    group = make_group(documents=(document,))
    members = [make_member(f"member{n}", groups=(group,)) for n in range(10)]
    paragraph = document.revision.paragraphs.get(ordinal=2)
    root = writing.create_annotation(
        author=members[0],
        revision=document.revision,
        group=group,
        selection=Selection(paragraph.anchor, 0, paragraph.anchor, 10),
        body="What do you all think?",
    )
    sessions = [session_of(member) for member in members] * 2
    path = f"/annotations/{root.pk}/reply/"
    url = str(live_server)
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(
            pool.map(
                lambda pair: post_as(url + path, pair[1], {"body": f"Reply {pair[0]}."}).status,
                enumerate(sessions),
            )
        )
    assert [s for s in statuses if s >= 500] == []
    assert set(statuses) == {302}
    assert Annotation.objects.filter(root=root).count() == 20
