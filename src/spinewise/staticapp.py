"""Django's staticfiles app, minus the files of installed packages the site never serves.

django-ninja ships ReDoc as well as Swagger UI; the API's docs (/api/v1/docs) use Swagger UI
only, so ReDoc's 4 MB are left out of collectstatic (hashing and compressing them made every
first start of a node about 15 s slower).
"""

from django.contrib.staticfiles.apps import StaticFilesConfig


class SiteStaticFilesConfig(StaticFilesConfig):
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "redoc.standalone.js", "redoc.standalone.js.map"]
