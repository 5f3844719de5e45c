"""The WSGI application, as the server's workers load it (spinewise.wsgi:application)."""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spinewise.settings")

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from spinewise.gcfreeze import FreezeAfterWarmUp
from spinewise.server import check_secret_key

# Here too, for a server started without `spinewise serve`.
check_secret_key()
django_application = get_wsgi_application()
# Import every view now, while the worker starts, rather than during its first request.
get_resolver().url_patterns  # noqa: B018
# A thread back from the database takes the GIL sooner (Python's default interval is 5 ms): with a
# kept page costing 1-2 ms, waiting out whole intervals was much of the slowest pages' time.
sys.setswitchinterval(0.001)
# Full garbage collections walk only what is made after the worker's first requests (gcfreeze).
application = FreezeAfterWarmUp(django_application, settings.GC_FREEZE_AFTER_REQUESTS)
