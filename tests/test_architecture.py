"""The layers hold: the import contracts in pyproject.toml pass, and an upward import breaks them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run the contracts on the package under `root`/src, as `make lint` does."""
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_with(tmp_path: Path, module: str, line: str) -> Path:
    """The source tree copied, with `line` added to the end of `module` (a path under src/spinewise)."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "src" / "spinewise",
        tmp_path / "src" / "spinewise",
        ignore=shutil.ignore_patterns("__pycache__", "static", "templates"),
    )
    target = tmp_path / "src" / "spinewise" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return tmp_path


def test_the_code_keeps_every_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # training must not know programs: a program plugs in through training.hooks instead.
        ("training/services.py", "import spinewise.programs.services", "Each layer imports only"),
        # accounts knows no domain app.
        ("accounts/services.py", "import spinewise.training.models", "Each layer imports only"),
        # The planner stays pure.
        ("planning/dosing.py", "import django.db", "Pure code imports no Django"),
        # A replayed answer imports only the standard library (spinewise.command's fast path).
        ("replay.py", "import typer", "A replayed answer imports only"),
        ("places.py", "import spinewise.library.cache", "A replayed answer imports only"),
    ],
)
def test_an_upward_import_breaks_a_contract(tmp_path: Path, module: str, line: str, broken: str) -> None:
    result = lint_imports(copy_with(tmp_path, module, line))
    assert result.returncode != 0
    output = " ".join(result.stdout.split())
    assert f"{broken}" in output and "BROKEN" in output
