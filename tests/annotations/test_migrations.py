"""The data migrations, run by the migration executor on data made with the models of before."""

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps
from django.db.models import Model
from django.utils import timezone

BEFORE = ("annotations", "0008_source_authors")
AFTER = ("annotations", "0009_placeholders_become_source_authors")


def state(executor: MigrationExecutor, node: tuple[str, str]) -> StateApps:
    """The models as they were with annotations at `node` and every other app at its latest."""
    executor.loader.build_graph()
    others = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] != node[0]]
    return executor.loader.project_state([*others, node]).apps


def migrate(executor: MigrationExecutor, node: tuple[str, str]) -> None:
    executor.loader.build_graph()
    executor.migrate([node])


@pytest.fixture
def executor(transactional_db: None) -> Iterator[MigrationExecutor]:
    """An executor at BEFORE; it puts the database back at the latest migrations afterwards."""
    executor = MigrationExecutor(connection)
    migrate(executor, BEFORE)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_placeholder_members_become_source_authors_and_no_comment_is_lost(
    executor: MigrationExecutor,
) -> None:
    old = state(executor, BEFORE)
    user_model, document_model = old.get_model("auth", "User"), old.get_model("texts", "Document")
    revision_model = old.get_model("texts", "Revision")
    annotation_model = old.get_model("annotations", "Annotation")

    def placeholder(slug: str, name: str) -> Model:
        return user_model.objects.create(
            username=f"imported-{slug}", first_name=name, is_active=False, password="!unusable"
        )

    mike, snappalos = placeholder("mike", "Mike"), placeholder("snappalos", "snappalos")
    # Signed up under a placeholder's name, it received a later comment by an "Ana".
    squatter = user_model.objects.create(username="imported-ana", first_name="Not Ana")
    rosa = user_model.objects.create(username="rosa")  # claimed her comment before
    now = timezone.now()

    def blog(slug: str, url: str, names: list[str]) -> tuple[Model, Model]:
        document = document_model.objects.create(title=slug, slug=slug, source_url=url)
        revision = revision_model.objects.create(
            document=document,
            number=1,
            source_format="text",
            source_text="…",
            comments=[
                {"number": n, "author": name, "body": "…"} for n, name in enumerate(names, start=1)
            ],
        )
        return document, revision

    def comment(document: Model, revision: Model, number: int, author: Model) -> Model:
        return annotation_model.objects.create(
            document=document,
            revision=revision,
            author=author,
            visibility="document",
            body=f"Comment {number}",
            source_number=number,
            created_at=now,
            updated_at=now,
        )

    first = blog("first", "https://snappalos.wordpress.com/a/", ["Mike", "snappalos", "Rosa"])
    second = blog("second", "https://www.elsewhere.example/b/", ["Mike", "Ana"])
    comments = [
        comment(*first, 1, mike),
        comment(*first, 2, snappalos),
        comment(*first, 3, rosa),
        comment(*second, 1, mike),
        comment(*second, 2, squatter),
    ]

    migrate(executor, AFTER)

    new = state(executor, AFTER)
    annotations = new.get_model("annotations", "Annotation").objects.select_related(
        "source_author", "author"
    )
    signed = {
        (a.source_author.source, a.source_author.name, a.author and a.author.username, a.body)
        for a in annotations.filter(pk__in=[c.pk for c in comments])
    }
    assert signed == {
        ("snappalos.wordpress.com", "Mike", None, "Comment 1"),
        ("snappalos.wordpress.com", "snappalos", None, "Comment 2"),
        ("snappalos.wordpress.com", "Rosa", "rosa", "Comment 3"),
        # The same placeholder stood for two people: two Mikes on two blogs.
        ("elsewhere.example", "Mike", None, "Comment 1"),
        ("elsewhere.example", "Ana", None, "Comment 2"),
    }
    source_authors = new.get_model("annotations", "SourceAuthor").objects
    assert source_authors.get(name="Rosa").claimed_by_id == rosa.pk
    assert source_authors.filter(claimed_by__isnull=False).count() == 1
    users = new.get_model("auth", "User").objects
    # The placeholders go; accounts of people stay (the squatter's without the comment).
    assert sorted(users.values_list("username", flat=True)) == ["imported-ana", "rosa"]


def test_the_migration_goes_back_to_placeholders(executor: MigrationExecutor) -> None:
    migrate(executor, AFTER)
    apps = state(executor, AFTER)
    document = apps.get_model("texts", "Document").objects.create(title="t", slug="t")
    revision = apps.get_model("texts", "Revision").objects.create(
        document=document, number=1, source_format="text", source_text="…"
    )
    mike = apps.get_model("annotations", "SourceAuthor").objects.create(name="Mike", source="t")
    now = timezone.now()
    apps.get_model("annotations", "Annotation").objects.create(
        document=document,
        revision=revision,
        source_author=mike,
        visibility="document",
        body="Hello",
        source_number=1,
        created_at=now,
        updated_at=now,
    )

    migrate(executor, BEFORE)

    old = state(executor, BEFORE)
    comment = old.get_model("annotations", "Annotation").objects.select_related("author").get()
    assert (comment.author.username, comment.author.first_name) == ("imported-mike", "Mike")
    assert not comment.author.is_active
