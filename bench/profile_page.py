"""Where one page's time goes: requests made in this process, under cProfile, as the load bench makes them.

Run from the project root:  .venv/bin/python bench/profile_page.py today [--requests 200] [--top 40]

Sets up a throwaway data folder and the load bench's visitors (bench/load.py), warms the page, then
profiles `--requests` requests through Django's full stack (middleware included, no server) and prints
the functions with the most cumulative and own time, and the mean milliseconds a request.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", choices=sorted(load.SHORT_NAMES))
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()
    page = next(p for p in load.PAGES if p.name == load.SHORT_NAMES[args.page])
    with tempfile.TemporaryDirectory(prefix="spinewise-profile-") as folder:
        env = load.environment(Path(folder), None)
        load.setup_django(env)
        load.prepare_database()
        cookies = load.seed_visitors()
        from django.test import Client

        client = Client(HTTP_ACCEPT_ENCODING="gzip")
        cookie = cookies[page.visitor] if page.visitor != "anonymous" else ""
        if cookie:
            name, value = cookie.split("=", 1)
            client.cookies[name] = value
        path = page.path.format(workout=cookies["workout"])
        for _ in range(20):
            assert client.get(path).status_code == 200
        profile = cProfile.Profile()
        start = time.perf_counter()
        profile.enable()
        for _ in range(args.requests):
            client.get(path)
        profile.disable()
        spent = time.perf_counter() - start
        stats = pstats.Stats(profile)
        stats.sort_stats(args.sort).print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
        print(f"{page.name}: {spent / args.requests * 1000:.2f} ms a request under the profiler")


if __name__ == "__main__":
    main()
