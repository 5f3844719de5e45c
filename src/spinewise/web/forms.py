"""The site's one form style: Django's renderer with our field template (web/templates/forms/)."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Every `{{ form }}` and `{{ field.as_field_group }}` uses forms/field.html."""

    field_template_name = "forms/field.html"
