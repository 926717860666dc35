"""Writing annotations: targets, threads, edits, deletion, tags, limits and constraints."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError

from annotations import selections, tagging, writing
from annotations.errors import AnnotationError
from annotations.models import Annotation, AnnotationEdit
from annotations.selections import Selection
from groups.models import Group, Membership
from texts.models import Document, Paragraph

BLOG = "mass-organization-and-political-organization"


@pytest.fixture
def blog(seeds: dict[str, Document]) -> Document:
    return seeds[BLOG]


@pytest.fixture
def make_reader(make_member: Callable, circle: Group) -> Callable[..., User]:
    """A member of the circle, a public group reading the blog post."""
    return lambda **fields: make_member(groups=(circle,), **fields)


def paragraph(document: Document, ordinal: int) -> Paragraph:
    return document.revision.paragraphs.get(ordinal=ordinal)


def phrase(document: Document, text: str) -> Selection:
    found = document.revision.paragraphs.filter(text__contains=text)[0]
    start = found.text.index(text)
    return Selection(found.anchor, start, found.anchor, start + len(text))


def annotate(
    document: Document, author: User, selection: Selection | None, body: str = "Hm."
) -> Annotation:
    """Annotate in the author's (first) group."""
    group = author.memberships.order_by("pk")[0].group
    return writing.create_annotation(
        author=author,
        revision=document.revision,
        group=group,
        selection=selection,
        body=body,
    )


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
    annotation = annotate(blog, make_reader(), selections.whole_paragraph(target))
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
        pytest.param(Selection("p-99999", 0, "p-99999", 3), selections.BAD_PASSAGE, id="missing"),
        pytest.param(Selection("p-6", 0, "p-5", 3), selections.BAD_PASSAGE, id="end-before-start"),
        pytest.param(Selection("p-5", 0, "p-5", 9999), selections.BAD_OFFSETS, id="past-the-end"),
        pytest.param(Selection("p-5", 4, "p-5", 4), selections.EMPTY_PASSAGE, id="empty"),
        pytest.param(Selection("p-5", 6, "p-5", 2), selections.EMPTY_PASSAGE, id="backwards"),
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
        pytest.param("", "comment", writing.EMPTY_BODY, id="empty-comment"),
        pytest.param("   \n", "question", writing.EMPTY_BODY, id="blank-question"),
        pytest.param("x" * 10_001, "comment", "at most 10,000 characters", id="too-long"),
    ],
)
def test_bodies_are_checked(
    blog: Document, make_reader: Callable, body: str, motivation: str, message: str
) -> None:
    with pytest.raises(AnnotationError, match=message):
        writing.create_annotation(
            author=make_reader(),
            revision=blog.revision,
            group=None,
            selection=phrase(blog, "I like this."),
            body=body,
            motivation=motivation,
        )


def test_a_highlight_may_have_no_body(blog: Document, make_reader: Callable) -> None:
    highlight = writing.create_annotation(
        author=make_reader(),
        revision=blog.revision,
        group=None,
        selection=phrase(blog, "I like this."),
        body="",
        motivation=Annotation.Motivation.HIGHLIGHT,
    )
    assert highlight.body_html == ""


def test_tags_are_normalised_and_checked(blog: Document, make_reader: Callable) -> None:
    annotation = writing.create_annotation(
        author=make_reader(),
        revision=blog.revision,
        group=None,
        selection=None,
        body="Tagged.",
        tags=["#Lenin", "consciousness", "lenin"],
    )
    assert sorted(annotation.tags.values_list("name", flat=True)) == ["consciousness", "lenin"]
    with pytest.raises(AnnotationError, match="Tags are words"):
        tagging.normalize_tags(["no spaces allowed!"])
    with pytest.raises(AnnotationError, match="at most 10 tags"):
        tagging.normalize_tags([f"t{n}" for n in range(11)])


def test_replies_share_their_root_revision_and_passage(
    blog: Document, make_reader: Callable
) -> None:
    root = annotate(blog, make_reader(), phrase(blog, "I like this."))
    reply = writing.reply_to_annotation(author=make_reader(), parent=root, body="Why?")
    deeper = writing.reply_to_annotation(author=make_reader(), parent=reply, body="Because.")
    assert (reply.root, deeper.root, deeper.parent) == (root, root, reply)
    assert deeper.start_ordinal == root.start_ordinal
    assert deeper.exact == ""  # the quote belongs to the thread's root
    thread = list(Annotation.objects.in_thread(root.pk))
    assert thread == [root, reply, deeper]


def test_an_edit_keeps_the_previous_version(blog: Document, make_reader: Callable) -> None:
    author = make_reader()
    annotation = annotate(blog, author, None, body="First *thought*.")
    writing.edit_annotation(annotation=annotation, editor=author, body="Second thought.")
    writing.edit_annotation(annotation=annotation, editor=author, body="Third thought.")
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
    with pytest.raises(AnnotationError, match=writing.NOT_AUTHOR):
        writing.edit_annotation(annotation=annotation, editor=stranger, body="Theirs.")
    with pytest.raises(AnnotationError, match=writing.NOT_AUTHOR):
        writing.delete_annotation(annotation=annotation, user=stranger)
    annotation.refresh_from_db()
    assert annotation.body == "Mine."


def test_deleting_an_annotation_without_replies_removes_it(
    blog: Document, make_reader: Callable
) -> None:
    author = make_reader()
    annotation = annotate(blog, author, None, body="Gone soon.")
    writing.edit_annotation(annotation=annotation, editor=author, body="Edited, then gone.")
    assert writing.delete_annotation(annotation=annotation, user=author) is None
    assert not Annotation.objects.filter(pk=annotation.pk).exists()
    assert not AnnotationEdit.objects.exists()


def test_deleting_an_annotation_with_replies_leaves_a_tombstone(
    blog: Document, make_reader: Callable
) -> None:
    author, other = make_reader(), make_reader()
    root = annotate(blog, author, phrase(blog, "I like this."), body="Secret opinion.")
    reply = writing.reply_to_annotation(author=other, parent=root, body="Not yours to delete.")
    tombstone = writing.delete_annotation(annotation=root, user=author)
    assert tombstone is not None
    root.refresh_from_db()
    assert root.is_deleted
    assert (root.body, root.body_html) == ("", "")
    reply.refresh_from_db()
    assert reply.body == "Not yours to delete."
    with pytest.raises(AnnotationError, match=writing.DELETED_PARENT):
        writing.reply_to_annotation(author=other, parent=root, body="Hello?")
    # When the last reply goes, nothing is left for the tombstone to hold in place.
    writing.delete_annotation(annotation=reply, user=other)
    assert not Annotation.objects.filter(pk__in=[root.pk, reply.pk]).exists()


def test_annotated_paragraphs_and_replied_annotations_cannot_be_deleted(
    blog: Document, make_reader: Callable
) -> None:
    root = annotate(blog, make_reader(), phrase(blog, "I like this."))
    writing.reply_to_annotation(author=make_reader(), parent=root, body="Reply.")
    annotated = root.start_paragraph
    assert annotated is not None
    with pytest.raises(ProtectedError):
        annotated.delete()
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
    reply = writing.reply_to_annotation(author=make_reader(), parent=root, body="Reply.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.filter(pk=reply.pk).update(root=None)


def test_replies_stay_in_their_roots_group_and_visibility(
    blog: Document, make_reader: Callable, make_member: Callable, make_group: Callable
) -> None:
    other = make_group(documents=(blog,))
    author = make_reader()
    Membership.objects.create(group=other, user=author)
    root = annotate(blog, author, phrase(blog, "I like this."))
    reply = writing.reply_to_annotation(author=author, parent=root, body="Mine.", group=other)
    assert (reply.group, reply.visibility) == (root.group, "group")
    note = writing.create_annotation(
        author=author, revision=blog.revision, group=None, selection=None, body="Note."
    )
    own = writing.reply_to_annotation(author=author, parent=note, body="To myself.")
    assert (own.group, own.visibility) == (None, "private")


def test_a_reply_to_a_source_comment_goes_to_the_repliers_group(
    blog: Document, make_reader: Callable, circle: Group
) -> None:
    mike = Annotation.objects.get(document=blog, source_number=1)
    with pytest.raises(AnnotationError, match=writing.CHOOSE_GROUP):
        writing.reply_to_annotation(author=make_reader(), parent=mike, body="Which group?")
    reply = writing.reply_to_annotation(
        author=make_reader(), parent=mike, body="Ours.", group=circle
    )
    assert (reply.group, reply.visibility, reply.root) == (circle, "group", mike)


def test_only_members_write_in_a_group_and_only_about_its_texts(
    blog: Document, seeds: dict[str, Document], make_member: Callable, make_group: Callable
) -> None:
    group = make_group(documents=(blog,))
    outsider = make_member()
    with pytest.raises(AnnotationError, match="Only members of Group"):
        writing.create_annotation(
            author=outsider,
            revision=blog.revision,
            group=group,
            selection=None,
            body="Let me in.",
        )
    member = make_member(groups=(group,))
    other_text = seeds["anarchist-communists-and-the-mass-organization"]
    with pytest.raises(AnnotationError, match="is not reading this text"):
        writing.create_annotation(
            author=member,
            revision=other_text.revision,
            group=group,
            selection=None,
            body="Off the list.",
        )
    root = writing.create_annotation(
        author=member, revision=blog.revision, group=group, selection=None, body="Ok."
    )
    with pytest.raises(AnnotationError, match="Only members of Group"):
        writing.reply_to_annotation(author=outsider, parent=root, body="Sneaking in.")
    assert Annotation.objects.filter(author=outsider).count() == 0


def test_a_private_note_cannot_be_answered_by_anyone_else(
    blog: Document, make_reader: Callable
) -> None:
    author = make_reader()
    note = writing.create_annotation(
        author=author, revision=blog.revision, group=None, selection=None, body="Mine."
    )
    with pytest.raises(AnnotationError, match=writing.CANNOT_READ):
        writing.reply_to_annotation(author=make_reader(), parent=note, body="Peeking.")
