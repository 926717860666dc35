"""Shared fixtures: factories are fixtures that return callables."""

from collections.abc import Callable
from io import StringIO
from typing import TypedDict, Unpack

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from pytest_django.fixtures import Settings

from annotations.models import Annotation
from groups.models import Group, GroupDocument, Membership
from texts.importers.parsed import Block, BlockKind, ListStyle, Metadata, ParsedDocument
from texts.models import Document
from texts.rendering import escape_text
from texts.services import store_revision


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Rate limits count in the cache: each test starts with none spent."""
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """Hashing passwords properly takes a third of a second each: tests need no such strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeds(db: None) -> dict[str, Document]:
    """The two seed texts, loaded as `make run` loads them."""
    call_command("load_seeds", stdout=StringIO())
    return {d.slug: d for d in Document.objects.with_current_revision()}


def synthetic_blocks(count: int) -> list[Block]:
    """`count` blocks cycling through every kind, as a long real document would."""
    blocks = []
    for n in range(1, count + 1):
        text = f"Block {n}: the workers' own organizations, discussed at length."
        match n % 10:
            case 1:
                blocks.append(
                    Block(BlockKind.HEADING, f"Section {n}", escape_text(f"Section {n}"), level=1)
                )
            case 5 | 6:
                blocks.append(
                    Block(
                        BlockKind.LIST_ITEM,
                        text,
                        escape_text(text),
                        list_id=n // 10 + 1,
                        list_style=ListStyle.DECIMAL,
                        list_number=n % 10 - 4,
                    )
                )
            case 8:
                blocks.append(Block(BlockKind.QUOTATION, text, escape_text(text)))
            case _:
                blocks.append(Block(BlockKind.PARAGRAPH, text, escape_text(text)))
    return blocks


@pytest.fixture
def make_document(db: None) -> Callable[..., Document]:
    """Create a document whose current revision has `paragraphs` blocks."""
    made = 0

    def make(*, paragraphs: int = 10, title: str = "", comments: list | None = None) -> Document:
        """A document (on no group's reading list)."""
        nonlocal made
        made += 1
        document = Document.objects.create(
            title=title or f"Document {made}", slug=f"document-{made}", author="A. Writer"
        )
        parsed = ParsedDocument(
            metadata=Metadata(title=document.title),
            blocks=synthetic_blocks(paragraphs),
            comments=comments or [],
        )
        store_revision(
            document=document, parsed=parsed, source_text="(synthetic)", source_format="text"
        )
        return document

    return make


class MemberFields(TypedDict, total=False):
    """What tests say of a member's account beyond its name."""

    email: str
    first_name: str
    last_name: str
    is_staff: bool
    is_active: bool


@pytest.fixture
def make_member(db: None) -> Callable[..., User]:
    """Create an active user who can sign in with the password "pw-for-tests", member of
    `groups` with `role`."""
    made = 0

    def make(
        username: str = "",
        *,
        groups: tuple[Group, ...] = (),
        role: str = "member",
        **fields: Unpack[MemberFields],
    ) -> User:
        nonlocal made
        made += 1
        user = get_user_model().objects.create_user(
            username or f"member{made}", password="pw-for-tests", **fields
        )
        for group in groups:
            Membership.objects.create(group=group, user=user, role=role)
        return user

    return make


@pytest.fixture
def make_group(db: None) -> Callable[..., Group]:
    """Create a group reading `documents`."""
    made = 0

    def make(
        *, visibility: str = "public", join_policy: str = "invitation", documents: tuple = ()
    ) -> Group:
        nonlocal made
        made += 1
        group = Group.objects.create(
            name=f"Group {made}",
            slug=f"group-{made}",
            visibility=visibility,
            join_policy=join_policy,
        )
        for document in documents:
            GroupDocument.objects.create(group=group, document=document)
        return group

    return make


@pytest.fixture
def circle(seeds: dict[str, Document], make_group: Callable[..., Group]) -> Group:
    """A public group reading both seed texts."""
    return make_group(documents=tuple(seeds.values()))


@pytest.fixture
def make_annotations(db: None) -> Callable[..., list[Annotation]]:
    """Bulk-create `count` annotations on a document: threads of `depth`, passages cycling."""

    def make(
        document: Document, count: int, *, depth: int = 3, group: Group | None = None
    ) -> list[Annotation]:
        author = get_user_model().objects.create_user(f"bulk{Annotation.objects.count()}")
        revision = document.revision
        visibility = "group" if group else "private"
        paragraphs = list(revision.paragraphs.order_by("ordinal"))
        now = timezone.now()
        made: list[Annotation] = []
        for n in range(count):
            position = n // depth
            paragraph = paragraphs[position % len(paragraphs)]
            parent = made[-1] if n % depth else None
            made.append(
                Annotation.objects.create(
                    author=author,
                    document=document,
                    revision=revision,
                    group=group,
                    visibility=visibility,
                    start_paragraph=paragraph,
                    end_paragraph=paragraph,
                    start_ordinal=paragraph.ordinal,
                    end_ordinal=paragraph.ordinal,
                    start_offset=0,
                    end_offset=5,
                    exact=paragraph.text[:5],
                    parent=parent,
                    root=(parent.root or parent) if parent else None,
                    body=f"Annotation {n}",
                    body_html=f"<p>Annotation {n}</p>",
                    created_at=now,
                    updated_at=now,
                )
            )
        return made

    return make
