"""Hashed, compressed static files whose JavaScript modules name each other by their hashed names.

The guided player is a set of ES modules that import each other by relative paths (`./clock.js`).
WhiteNoise's storage gives each file a content hash in its name and lets browsers cache it for
good; without rewriting, the hashed `main.<hash>.js` would still import the plain `clock.js`, which
is cached only briefly and could be a different version from the one `main` was built with.
Django's ManifestStaticFilesStorage rewrites `import ... from "./x.js";` and `export ... from`
statements to the hashed names when `support_js_module_import_aggregation` is on (off by default,
marked experimental since Django 4.2). Its patterns need the statement to end with a semicolon
and the path to start with "." or "/"; tests/test_player_modules.py checks every import resolves.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]


class ModuleManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    support_js_module_import_aggregation = True
