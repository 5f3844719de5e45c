"""The browser player's ES modules: relative imports only, rewritten to hashed names by collectstatic.

The player page loads `spinewise/player/main.js` as a module; it names the other modules by
relative paths. With hashed static files (production), every import in every hashed module must
name the hashed file of the module it means, and that file must exist.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from spinewise.planning.progression import ACCEPTABLE_PAIN
from spinewise.safety.gate import QUICK_CHECK_KEY

MODULES = Path(__file__).resolve().parents[1] / "src" / "spinewise" / "static" / "spinewise" / "player"
HASHED = "spinewise.staticstorage.ModuleManifestStaticFilesStorage"
# Every static import or re-export names its module after `from`, or alone after `import`.
SPECIFIER = re.compile(r"""(?:\bfrom|^import)\s*["']([^"']+)["']\s*;""", re.M)
HASH = re.compile(r"\.[0-9a-f]{12}\.js$")


def specifiers(text: str) -> list[str]:
    return SPECIFIER.findall(text)


def hashed(root: Path) -> dict[str, Any]:
    return {"STATIC_ROOT": root, "STORAGES": {**django_settings.STORAGES, "staticfiles": {"BACKEND": HASHED}}}


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Every static file (the admin's too) collected once by the production storage; the manifest's paths."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(**hashed(root)):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((root / "staticfiles.json").read_text(encoding="utf-8"))
    return root, manifest["paths"]


def test_the_modules_import_each_other_by_relative_paths_only() -> None:
    sources = sorted(MODULES.glob("*.js"))
    assert {p.name for p in sources} >= {"main.js", "clock.js", "sound.js", "reporter.js", "view.js"}
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for spec in specifiers(text):
            # "../figure.js": the exercise figures' module, which the exercise pages load too.
            assert spec.startswith(("./", "../")) and spec.endswith(".js"), (path.name, spec)
            assert (MODULES / spec).is_file(), (path.name, spec)
        assert "import(" not in text, f"{path.name}: a dynamic import would escape the hashing"
        assert len(text.splitlines()) < 600, path.name


def test_collectstatic_points_every_hashed_import_at_a_hashed_file_that_exists(
    collected: tuple[Path, dict[str, str]],
) -> None:
    root, paths = collected
    folder = root / "spinewise" / "player"

    seen: set[str] = set()
    waiting = [paths["spinewise/player/main.js"]]
    while waiting:
        name = waiting.pop()
        if name in seen:
            continue
        seen.add(name)
        text = (root / name).read_text(encoding="utf-8")
        for spec in specifiers(text):
            target = (folder / spec).resolve()
            assert HASH.search(spec), f"{name} imports {spec}, a name without its hash"
            assert target.is_file(), f"{name} imports {spec}, which collectstatic did not write"
            waiting.append(str(target.relative_to(root)))
    # main reaches every module, each by the name the manifest gives it (and the figures' module,
    # and the queue that keeps a session offline).
    assert seen == {paths[f"spinewise/player/{p.name}"] for p in MODULES.glob("*.js")} | {
        paths["spinewise/figure.js"],
        paths["spinewise/offline/queue.js"],
    }
    # Apart from the names, a hashed module is its source.
    for source in MODULES.glob("*.js"):
        served = (root / paths[f"spinewise/player/{source.name}"]).read_text(encoding="utf-8")
        assert re.sub(r"\.[0-9a-f]{12}\.js", ".js", served) == source.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_the_page_loads_the_hashed_entry_module_and_runs_no_inline_script(
    collected: tuple[Path, dict[str, str]], settings: Any, client: Client
) -> None:
    root, paths = collected
    for name, value in hashed(root).items():
        setattr(settings, name, value)
    session = client.session
    session[QUICK_CHECK_KEY] = True
    session.save()

    body = client.get(reverse("play:routine", args=["stiff-and-sore-basics"])).content.decode()

    main = f'<script type="module" src="/static/{paths["spinewise/player/main.js"]}"></script>'
    assert main in body
    scripts = re.findall(r"<script\b[^>]*>", body)
    # The payload is data (json_script); every other script is a file, so a strict CSP can allow it.
    assert all('type="application/json"' in tag or " src=" in tag for tag in scripts), scripts
    assert not re.search(r"\son[a-z]+\s*=", body), "inline event handlers"
    data = re.search(r'<script id="player-data" type="application/json">(.*?)</script>', body, re.S)
    assert data and json.loads(data.group(1))["pain_limit"] == ACCEPTABLE_PAIN == 5
