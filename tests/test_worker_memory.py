"""A server worker loads WeasyPrint (about 25 MB of its memory) only once a PDF is asked for.
Checked in a new process, as a worker starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import django, sys
django.setup()
import spinewise.urls  # what a worker imports to answer its first request
heavy = sorted({name.split('.')[0] for name in sys.modules} & {'weasyprint'})
print(','.join(heavy))
"""


def test_a_worker_starts_without_the_pdf_renderer(tmp_path: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "spinewise.settings", "SPINEWISE_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "", f"imported at start: {done.stdout.strip()}"
