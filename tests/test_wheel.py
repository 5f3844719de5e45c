"""A plain (non-editable) install serves the full app: the wheel holds the content, templates and
static files, and the package run from that wheel finds them without SPINEWISE_CONTENT_DIR."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from spinewise.library.content import yaml_files
from tests.serving import PYTHON, ROOT, clean_env

PACKAGE = ROOT / "src" / "spinewise"
BUILD = "import sys; from setuptools import build_meta; print(build_meta.build_wheel(sys.argv[1]))"

# Run from the unpacked wheel: where the app finds its content, templates and static files.
FROM_WHEEL = """
import json, django
django.setup()
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import get_template
import spinewise
from spinewise.bootstrap import check_content_folder
from spinewise.library.content import yaml_files
check_content_folder()
content = settings.CONTENT_DIR
print(json.dumps({
    "package": spinewise.__file__,
    "content": str(content),
    "counts": {kind: len(yaml_files(content / kind)) for kind in ("exercises", "routines", "programs", "tests")},
    "template": str(get_template("base.html").origin.name),
    "static": str(finders.find("spinewise/app.css")),
}))
"""


def data_files(folder: Path) -> set[str]:
    """Every file of the package that is not Python source, relative to src/."""
    return {
        str(path.relative_to(folder.parent))
        for path in folder.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel, from a copy of its sources (the checkout stays untouched)."""
    tree = tmp_path_factory.mktemp("tree")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tree / name)
    shutil.copytree(
        PACKAGE, tree / "src" / "spinewise", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [PYTHON, "-c", BUILD, str(out)], cwd=tree, capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr[-2000:]
    return out / built.stdout.strip().splitlines()[-1]


def test_the_wheel_holds_every_content_template_and_static_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = data_files(PACKAGE)
    assert {name for name in expected if name.startswith("spinewise/content/exercises/")}, expected
    assert sum(name.endswith(".yaml") for name in expected) >= 80
    assert any(name.startswith("spinewise/templates/") for name in expected)
    assert any(name.startswith("spinewise/static/") for name in expected)
    assert expected - names == set()


def test_the_app_run_from_the_wheel_finds_its_own_content(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = clean_env(tmp_path / "data", PYTHONPATH=str(site), DJANGO_SETTINGS_MODULE="spinewise.settings")
    del env["SPINEWISE_CONTENT_DIR"]  # a plain install has only the package
    ran = subprocess.run(
        [PYTHON, "-c", FROM_WHEEL], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    found = json.loads(ran.stdout.strip().splitlines()[-1])
    for key in ("package", "content", "template", "static"):
        assert found[key].startswith(str(site)), (key, found)
    # Items only: a translation (`cat-cow.es.yaml`) rides beside its item and is not one.
    on_disk = {kind: len(yaml_files(PACKAGE / "content" / kind)) for kind in found["counts"]}
    assert found["counts"] == on_disk and on_disk["exercises"] >= 70, found
