"""Writing annotations: targets, threads, edits, deletion, limits and constraints."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError

from annotations import services
from annotations.models import Annotation, AnnotationEdit
from annotations.services import AnnotationError, Selection
from groups.models import Group, Membership
from texts.models import Document, Paragraph

BLOG = "mass-organization-and-political-organization"


@pytest.fixture
def blog(seeds: dict[str, Document]) -> Document:
    return seeds[BLOG]


@pytest.fixture
def make_reader(make_member: Callable, circle: Group) -> Callable[..., AbstractBaseUser]:
    """A member of the circle, a public group reading the blog post."""
    return lambda **fields: make_member(groups=(circle,), **fields)


def paragraph(document: Document, ordinal: int) -> Paragraph:
    return document.current_revision.paragraphs.get(ordinal=ordinal)


def phrase(document: Document, text: str) -> Selection:
    found = document.current_revision.paragraphs.filter(text__contains=text).first()
    start = found.text.index(text)
    return Selection(found.anchor, start, found.anchor, start + len(text))


def annotate(
    document: Document, author: AbstractBaseUser, selection: Selection | None, body: str = "Hm."
) -> Annotation:
    """Annotate in the author's (first) group."""
    group = author.memberships.first().group
    return services.create_annotation(
        author=author, revision=document.current_revision, group=group, selection=selection,
        body=body,
    )  # fmt: skip


def test_a_phrase_is_stored_with_its_position_and_quote(
    blog: Document, make_reader: Callable
) -> None:
    annotation = annotate(blog, make_reader(), phrase(blog, "conscious revolutionaries."))
    # The first paragraph with those words is the quotation at p-4.
    annotation.refresh_from_db()
    target = paragraph(blog, 4)
    assert (annotation.start_paragraph, annotation.end_paragraph) == (target, target)
    assert (annotation.start_ordinal, annotation.end_ordinal) == (4, 4)
    assert annotation.exact == "conscious revolutionaries."
    assert target.text[annotation.start_offset : annotation.end_offset] == annotation.exact
    assert annotation.prefix == "fundamentally, on the intervention of "[-32:]
    assert annotation.suffix == "”\nThis is false because:"
    assert annotation.body_html == "<p>Hm.</p>"


def test_a_whole_paragraph_annotation_spans_its_text(blog: Document, make_reader: Callable) -> None:
    target = paragraph(blog, 5)
    annotation = annotate(blog, make_reader(), services.whole_paragraph(target))
    assert (annotation.start_offset, annotation.end_offset) == (0, len(target.text))
    assert annotation.exact == "This is false because:"


def test_a_passage_across_paragraphs_quotes_both(blog: Document, make_reader: Callable) -> None:
    first, second = paragraph(blog, 5), paragraph(blog, 6)
    selection = Selection(first.anchor, 8, second.anchor, 7)
    annotation = annotate(blog, make_reader(), selection)
    assert annotation.exact == "false because:\nworkers"
    assert (annotation.start_ordinal, annotation.end_ordinal) == (5, 6)


def test_a_document_level_comment_has_no_passage(blog: Document, make_reader: Callable) -> None:
    annotation = annotate(blog, make_reader(), None, body="On the whole post.")
    assert not annotation.has_passage
    assert annotation.exact == ""


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        pytest.param(Selection("p-99999", 0, "p-99999", 3), services.BAD_PASSAGE, id="missing"),
        pytest.param(Selection("p-6", 0, "p-5", 3), services.BAD_PASSAGE, id="end-before-start"),
        pytest.param(Selection("p-5", 0, "p-5", 9999), services.BAD_OFFSETS, id="past-the-end"),
        pytest.param(Selection("p-5", 4, "p-5", 4), services.EMPTY_PASSAGE, id="empty"),
        pytest.param(Selection("p-5", 6, "p-5", 2), services.EMPTY_PASSAGE, id="backwards"),
    ],
)
def test_a_selection_that_does_not_fit_the_text_is_refused(
    blog: Document, make_reader: Callable, selection: Selection, message: str
) -> None:
    with pytest.raises(AnnotationError, match=message):
        annotate(blog, make_reader(), selection)
    assert not Annotation.objects.filter(source_number=None).exists()


@pytest.mark.parametrize(
    ("body", "motivation", "message"),
    [
        pytest.param("", "comment", services.EMPTY_BODY, id="empty-comment"),
        pytest.param("   \n", "question", services.EMPTY_BODY, id="blank-question"),
        pytest.param("x" * 10_001, "comment", "at most 10,000 characters", id="too-long"),
    ],
)
def test_bodies_are_checked(
    blog: Document, make_reader: Callable, body: str, motivation: str, message: str
) -> None:
    with pytest.raises(AnnotationError, match=message):
        services.create_annotation(
            author=make_reader(),
            revision=blog.current_revision,
            group=None,
            selection=phrase(blog, "I like this."),
            body=body,
            motivation=motivation,
        )


def test_a_highlight_may_have_no_body(blog: Document, make_reader: Callable) -> None:
    highlight = services.create_annotation(
        author=make_reader(),
        revision=blog.current_revision,
        group=None,
        selection=phrase(blog, "I like this."),
        body="",
        motivation=Annotation.Motivation.HIGHLIGHT,
    )
    assert highlight.body_html == ""


def test_tags_are_normalised_and_checked(blog: Document, make_reader: Callable) -> None:
    annotation = services.create_annotation(
        author=make_reader(),
        revision=blog.current_revision,
        group=None,
        selection=None,
        body="Tagged.",
        tags=["#Lenin", "consciousness", "lenin"],
    )
    assert sorted(annotation.tags.values_list("name", flat=True)) == ["consciousness", "lenin"]
    with pytest.raises(AnnotationError, match="Tags are words"):
        services.normalize_tags(["no spaces allowed!"])
    with pytest.raises(AnnotationError, match="at most 10 tags"):
        services.normalize_tags([f"t{n}" for n in range(11)])


def test_replies_share_their_root_revision_and_passage(
    blog: Document, make_reader: Callable
) -> None:
    root = annotate(blog, make_reader(), phrase(blog, "I like this."))
    reply = services.reply_to_annotation(author=make_reader(), parent=root, body="Why?")
    deeper = services.reply_to_annotation(author=make_reader(), parent=reply, body="Because.")
    assert (reply.root, deeper.root, deeper.parent) == (root, root, reply)
    assert deeper.start_ordinal == root.start_ordinal
    assert deeper.exact == ""  # the quote belongs to the thread's root
    thread = list(Annotation.objects.in_thread(root.pk))
    assert thread == [root, reply, deeper]


def test_an_edit_keeps_the_previous_version(blog: Document, make_reader: Callable) -> None:
    author = make_reader()
    annotation = annotate(blog, author, None, body="First *thought*.")
    services.edit_annotation(annotation=annotation, editor=author, body="Second thought.")
    services.edit_annotation(annotation=annotation, editor=author, body="Third thought.")
    annotation.refresh_from_db()
    assert annotation.body == "Third thought."
    assert annotation.edited_at is not None
    history = list(annotation.edits.values_list("body", "body_html"))
    assert history == [
        ("Second thought.", "<p>Second thought.</p>"),
        ("First *thought*.", "<p>First <em>thought</em>.</p>"),
    ]


def test_only_the_author_can_edit_or_delete(blog: Document, make_reader: Callable) -> None:
    annotation = annotate(blog, make_reader(), None, body="Mine.")
    stranger = make_reader()
    with pytest.raises(AnnotationError, match=services.NOT_AUTHOR):
        services.edit_annotation(annotation=annotation, editor=stranger, body="Theirs.")
    with pytest.raises(AnnotationError, match=services.NOT_AUTHOR):
        services.delete_annotation(annotation=annotation, user=stranger)
    annotation.refresh_from_db()
    assert annotation.body == "Mine."


def test_deleting_an_annotation_without_replies_removes_it(
    blog: Document, make_reader: Callable
) -> None:
    author = make_reader()
    annotation = annotate(blog, author, None, body="Gone soon.")
    services.edit_annotation(annotation=annotation, editor=author, body="Edited, then gone.")
    assert services.delete_annotation(annotation=annotation, user=author) is None
    assert not Annotation.objects.filter(pk=annotation.pk).exists()
    assert not AnnotationEdit.objects.exists()


def test_deleting_an_annotation_with_replies_leaves_a_tombstone(
    blog: Document, make_reader: Callable
) -> None:
    author, other = make_reader(), make_reader()
    root = annotate(blog, author, phrase(blog, "I like this."), body="Secret opinion.")
    reply = services.reply_to_annotation(author=other, parent=root, body="Not yours to delete.")
    tombstone = services.delete_annotation(annotation=root, user=author)
    assert tombstone is not None
    root.refresh_from_db()
    assert root.is_deleted
    assert (root.body, root.body_html) == ("", "")
    reply.refresh_from_db()
    assert reply.body == "Not yours to delete."
    with pytest.raises(AnnotationError, match=services.DELETED_PARENT):
        services.reply_to_annotation(author=other, parent=root, body="Hello?")
    # When the last reply goes, nothing is left for the tombstone to hold in place.
    services.delete_annotation(annotation=reply, user=other)
    assert not Annotation.objects.filter(pk__in=[root.pk, reply.pk]).exists()


def test_deleting_a_member_keeps_their_annotations_and_the_replies(
    blog: Document, make_reader: Callable
) -> None:
    author, other = make_reader(), make_reader()
    root = annotate(blog, author, None, body="Mine.")
    services.reply_to_annotation(author=other, parent=root, body="Reply.")
    author.delete()
    root.refresh_from_db()
    assert root.author is None
    assert root.body == "Mine."
    assert Annotation.objects.in_thread(root.pk).count() == 2


def test_annotated_paragraphs_and_replied_annotations_cannot_be_deleted(
    blog: Document, make_reader: Callable
) -> None:
    root = annotate(blog, make_reader(), phrase(blog, "I like this."))
    services.reply_to_annotation(author=make_reader(), parent=root, body="Reply.")
    with pytest.raises(ProtectedError):
        root.start_paragraph.delete()
    with pytest.raises(RestrictedError):  # only with its whole group's discussion
        root.delete()


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"start_offset": 10, "end_offset": 3}, id="start-after-end"),
        pytest.param({"start_ordinal": 6, "end_ordinal": 5}, id="start-paragraph-after-end"),
        pytest.param({"end_offset": None}, id="half-a-target"),
        pytest.param({"body": ""}, id="empty-comment"),
    ],
)
def test_the_database_refuses_inconsistent_targets(
    blog: Document, make_reader: Callable, fields: dict
) -> None:
    annotation = annotate(blog, make_reader(), phrase(blog, "I like this."))
    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.filter(pk=annotation.pk).update(**fields)


def test_a_reply_without_a_root_is_refused_by_the_database(
    blog: Document, make_reader: Callable
) -> None:
    root = annotate(blog, make_reader(), None)
    reply = services.reply_to_annotation(author=make_reader(), parent=root, body="Reply.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.filter(pk=reply.pk).update(root=None)


def test_source_comments_are_threads_by_members_who_cannot_sign_in(blog: Document) -> None:
    first, second = Annotation.objects.filter(document=blog).order_by("source_number")
    assert (first.source_number, first.parent, first.has_passage) == (1, None, False)
    assert (first.visibility, first.group, second.visibility) == ("document", None, "document")
    assert (second.parent, second.root) == (first, first)
    assert first.author.get_full_name() == "Mike"
    assert second.author.get_full_name() == "snappalos"
    assert not first.author.is_active
    assert not first.author.has_usable_password()
    assert first.body_html.startswith("<p>Hey there,</p>\n<p>Someone sent me the link")


def test_importing_source_comments_again_creates_nothing(blog: Document) -> None:
    before = Annotation.objects.count()
    assert services.import_source_comments(revision=blog.current_revision) == 0
    assert Annotation.objects.count() == before


def test_replies_stay_in_their_roots_group_and_visibility(
    blog: Document, make_reader: Callable, make_member: Callable, make_group: Callable
) -> None:
    other = make_group(documents=(blog,))
    author = make_reader()
    Membership.objects.create(group=other, user=author)
    root = annotate(blog, author, phrase(blog, "I like this."))
    reply = services.reply_to_annotation(author=author, parent=root, body="Mine.", group=other)
    assert (reply.group, reply.visibility) == (root.group, "group")
    note = services.create_annotation(
        author=author, revision=blog.current_revision, group=None, selection=None, body="Note."
    )
    own = services.reply_to_annotation(author=author, parent=note, body="To myself.")
    assert (own.group, own.visibility) == (None, "private")


def test_a_reply_to_a_source_comment_goes_to_the_repliers_group(
    blog: Document, make_reader: Callable, circle: Group
) -> None:
    mike = Annotation.objects.get(document=blog, source_number=1)
    with pytest.raises(AnnotationError, match=services.CHOOSE_GROUP):
        services.reply_to_annotation(author=make_reader(), parent=mike, body="Which group?")
    reply = services.reply_to_annotation(
        author=make_reader(), parent=mike, body="Ours.", group=circle
    )
    assert (reply.group, reply.visibility, reply.root) == (circle, "group", mike)


def test_only_members_write_in_a_group_and_only_about_its_texts(
    blog: Document, seeds: dict[str, Document], make_member: Callable, make_group: Callable
) -> None:
    group = make_group(documents=(blog,))
    outsider = make_member()
    with pytest.raises(AnnotationError, match="Only members of Group"):
        services.create_annotation(
            author=outsider, revision=blog.current_revision, group=group, selection=None,
            body="Let me in.",
        )  # fmt: skip
    member = make_member(groups=(group,))
    other_text = seeds["anarchist-communists-and-the-mass-organization"]
    with pytest.raises(AnnotationError, match="is not reading this text"):
        services.create_annotation(
            author=member, revision=other_text.current_revision, group=group, selection=None,
            body="Off the list.",
        )  # fmt: skip
    root = services.create_annotation(
        author=member, revision=blog.current_revision, group=group, selection=None, body="Ok."
    )
    with pytest.raises(AnnotationError, match="Only members of Group"):
        services.reply_to_annotation(author=outsider, parent=root, body="Sneaking in.")
    assert Annotation.objects.filter(author=outsider).count() == 0


def test_a_private_note_cannot_be_answered_by_anyone_else(
    blog: Document, make_reader: Callable
) -> None:
    author = make_reader()
    note = services.create_annotation(
        author=author, revision=blog.current_revision, group=None, selection=None, body="Mine."
    )
    with pytest.raises(AnnotationError, match=services.CANNOT_READ):
        services.reply_to_annotation(author=make_reader(), parent=note, body="Peeking.")


def test_deleting_an_account_keeps_group_annotations_and_drops_private_notes(
    blog: Document, make_reader: Callable
) -> None:
    author, other = make_reader(), make_reader()
    shared = annotate(blog, author, None, body="For the group.")
    note = services.create_annotation(
        author=author, revision=blog.current_revision, group=None, selection=None, body="Mine."
    )
    services.reply_to_annotation(author=author, parent=note, body="Still mine.")
    reply = services.reply_to_annotation(author=other, parent=shared, body="Answer.")
    services.delete_member(user=author)
    shared.refresh_from_db()
    assert (shared.author, shared.body) == (None, "For the group.")
    assert not Annotation.objects.filter(visibility="private").exists()
    assert Annotation.objects.get(pk=reply.pk).parent == shared
