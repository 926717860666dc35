"""The one error every annotation write raises when it cannot be done."""


class AnnotationError(ValueError):
    """A write that cannot be done; the message says why, for a person."""
