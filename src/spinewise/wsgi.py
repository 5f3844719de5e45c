"""The WSGI application, as the server's workers load it (spinewise.wsgi:application)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spinewise.settings")

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from spinewise.server import check_secret_key

# Here too, for a server started without `spinewise serve`.
check_secret_key()
application = get_wsgi_application()
# Import every view now, while the worker starts, rather than during its first request.
get_resolver().url_patterns  # noqa: B018
