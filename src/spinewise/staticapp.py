"""The static files of the site and of installed packages, minus the ones the site never serves.

django-ninja ships ReDoc as well as Swagger UI (its static folder is one of STATICFILES_DIRS); the
API's docs (/api/v1/docs) use Swagger UI only, so ReDoc's 4 MB are left out of collectstatic
(hashing and compressing them made every first start of a node about 15 s slower).
"""

from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.staticfiles.finders import AppDirectoriesFinder, FileSystemFinder

UNUSED = ["redoc.standalone.js", "redoc.standalone.js.map"]


class AppFilesFinder(AppDirectoriesFinder):
    def list(self, ignore_patterns: Iterable[str] | None) -> Iterator[tuple[str, Any]]:
        yield from super().list([*(ignore_patterns or []), *UNUSED])


class FilesFinder(FileSystemFinder):
    def list(self, ignore_patterns: Iterable[str] | None) -> Iterator[tuple[str, Any]]:
        yield from super().list([*(ignore_patterns or []), *UNUSED])
