"""``{% control %}``: one form field's control, drawn from its form class under a given id."""

from django import forms, template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

register = template.Library()

# Marks where an attribute's or the value's text goes in a control drawn once as a stamp.
SLOT = "\x00{}\x00"
# Widgets whose value is drawn as text: a stamp of them differs from another only in text.
STAMPABLE = (forms.TextInput, forms.NumberInput, forms.EmailInput, forms.URLInput, forms.Textarea)


@register.simple_tag
def control(
    form: forms.BaseForm, name: str, id: str, value: object = None, **attrs: object
) -> SafeString:
    """The widget of `form`'s field `name`, with the form's own limits (maxlength, min/max,
    required, choices, rows), the value `value` and the HTML id `id`.

    For forms repeated once per item on a long page (a reply form under every annotation), where
    binding a form per item would cost more than the page itself; the field's name is kept, so
    the view that receives the post validates it with the same form. Extra keyword arguments
    become attributes (``aria_describedby="x"`` gives ``aria-describedby="x"``). Text widgets
    are drawn once per form and field through Django's widget template, then stamped with each
    item's id, attributes and value (escaped as the template escapes them): the same HTML for a
    tenth of the time. Raises KeyError for a field the form does not have.
    """
    field = form.fields[name]
    widget = field.widget
    html_attrs: dict[str, object] = {key.replace("_", "-"): item for key, item in attrs.items()}
    html_attrs["id"] = id
    if field.required and widget.use_required_attribute(value) and form.use_required_attribute:
        html_attrs["required"] = True
    if field.disabled:
        html_attrs["disabled"] = True
    prepared = field.prepare_value(value)
    if not isinstance(widget, STAMPABLE):
        return widget.render(name, prepared, attrs=html_attrs, renderer=form.renderer)
    texts = {key: item for key, item in html_attrs.items() if item is not True}
    shown = widget.format_value(prepared)
    stamp = _stamp(form, name, html_attrs, has_value=shown is not None)
    for key, item in texts.items():
        stamp = stamp.replace(SLOT.format(key), conditional_escape(str(item)))
    if shown is not None:
        stamp = stamp.replace(SLOT.format(""), conditional_escape(shown))
    return SafeString(stamp)


def _stamp(form: forms.BaseForm, name: str, attrs: dict[str, object], *, has_value: bool) -> str:
    """`name`'s control drawn with slots for its text attributes and value, once per form."""
    # In the attributes' own order, which is the order they are drawn in.
    drawn = {key: True if item is True else SLOT.format(key) for key, item in attrs.items()}
    key = (name, tuple((k, v is True) for k, v in drawn.items()), has_value)
    stamps: dict[tuple, str] = form.__dict__.setdefault("_control_stamps", {})
    if key not in stamps:
        value = SLOT.format("") if has_value else None
        widget = form.fields[name].widget
        stamps[key] = str(widget.render(name, value, attrs=drawn, renderer=form.renderer))
    return stamps[key]
