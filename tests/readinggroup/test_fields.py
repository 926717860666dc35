"""`{% control %}` draws a field from its form: stamped text controls are exactly what Django's
widget templates draw for each item."""

import pytest
from django import forms

from readinggroup.templatetags.fields import control


class Sample(forms.Form):
    body = forms.CharField(max_length=100, widget=forms.Textarea(attrs={"rows": 3}))
    tags = forms.CharField(required=False, max_length=60)
    minutes = forms.IntegerField(min_value=1, max_value=600)
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])


def drawn_by_django(form: forms.Form, name: str, id: str, value: object, **attrs: str) -> str:
    field = form.fields[name]
    html_attrs: dict[str, object] = {k.replace("_", "-"): v for k, v in attrs.items()}
    html_attrs["id"] = id
    if field.required and field.widget.use_required_attribute(value):
        html_attrs["required"] = True
    return field.widget.render(name, field.prepare_value(value), attrs=html_attrs)


VALUES = ["", None, "plain", "quotes \" and ' <b>tags</b> & amps", "line\nbreaks", "😀 é 中", 42]


@pytest.mark.parametrize("name", ["body", "tags", "minutes", "kind"])
@pytest.mark.parametrize("value", VALUES)
def test_a_control_is_what_the_widget_template_draws(name: str, value: object) -> None:
    form = Sample()
    for n in range(3):  # the first draws the stamp, the others reuse it
        id_, described = f"{name}-{n}", f'hint-{n}"<'
        expected = drawn_by_django(form, name, id_, value, aria_describedby=described)
        assert control(form, name, id_, value, aria_describedby=described) == expected
