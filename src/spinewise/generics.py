"""Subscripting at run time the Django classes django-stubs types as generic, e.g.
`admin.ModelAdmin[Exercise]` or `forms.ModelForm[Profile]` (django_stubs_ext's monkeypatch).

Imported by the modules that subscript such a class (the admin modules, the model forms), not by the
settings: the patch imports the admin, the generic views, feeds and sitemaps, which a command of
the command line never needs (QuerySet and Manager are generic in Django itself).
"""

import django_stubs_ext

django_stubs_ext.monkeypatch()
