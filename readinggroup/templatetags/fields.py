"""``{% control %}``: one form field's control, drawn from its form class under a given id."""

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def control(
    form: forms.BaseForm, name: str, id: str, value: object = None, **attrs: object
) -> SafeString:
    """The widget of `form`'s field `name`, with the form's own limits (maxlength, min/max,
    required, choices, rows), the value `value` and the HTML id `id`.

    For forms repeated once per item on a long page (a reply form under every annotation), where
    binding a form per item would cost more than the page itself; the field's name is kept, so
    the view that receives the post validates it with the same form. Extra keyword arguments
    become attributes (``aria_describedby="x"`` gives ``aria-describedby="x"``).
    Raises KeyError for a field the form does not have.
    """
    field = form.fields[name]
    widget = field.widget
    html_attrs = {key.replace("_", "-"): item for key, item in attrs.items()}
    html_attrs["id"] = id
    if field.required and widget.use_required_attribute(value) and form.use_required_attribute:
        html_attrs["required"] = True
    if field.disabled:
        html_attrs["disabled"] = True
    return widget.render(name, field.prepare_value(value), attrs=html_attrs, renderer=form.renderer)
