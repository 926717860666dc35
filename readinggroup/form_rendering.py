"""How every form field is drawn: one field template for the whole site.

Templates render fields from their `Form` (``{{ form.name.as_field_group }}``, ``{{ form }}``)
so a field's widget, limits, choices, help text and errors live only in the form class. Forms
repeated once per item on a long page draw their controls with the ``{% control %}`` tag
(`readinggroup.templatetags.fields`), which reads the same form class.
"""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's renderer through the project's template engine, with the site's field layout
    (label, hint, errors, control; choice fields in a fieldset with a legend)."""

    field_template_name = "fields/field.html"
    # `{{ form }}`: its visible fields in that layout, then its hidden ones. Pages put their own
    # error summary above it.
    form_template_name = "fields/form.html"
