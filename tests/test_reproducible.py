"""Two clean builds of the same sources produce byte-identical sites.

Each clean build runs in its own copy of the project, at its own path, so
the two share nothing but the installed packages. Each starts with empty
caches: figures, executed notebooks, font subsets and anything else a hook
keeps in ``.cache/``. A third build runs again in the first copy and reuses
its caches, so a build from the caches must give the same bytes as well.

``SOURCE_DATE_EPOCH`` fixes the one date a build would otherwise take from
the clock, the timestamp in the header of ``sitemap.xml.gz``. The Makefile
sets it to the time of the last commit.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# What a fresh clone would not have, or what a copy must not duplicate.
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv*", "node_modules", "site", ".cache", "__pycache__", "*.egg-info", ".pytest_cache", "build"
)

# 2023-11-14 22:13:20 UTC. Any fixed value does.
SOURCE_DATE_EPOCH = "1700000000"


def copy_project(destination: Path) -> Path:
    shutil.copytree(ROOT, destination, ignore=NOT_COPIED, symlinks=True)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination


def start_build(project: Path, site_dir: Path) -> subprocess.Popen[str]:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(build: subprocess.Popen[str]) -> None:
    _, stderr = build.communicate(timeout=900)
    assert build.returncode == 0, stderr


def differences(first: Path, second: Path) -> list[str]:
    """List every file that exists in only one of two trees, or differs in its bytes."""
    found = []
    comparison = filecmp.dircmp(first, second)
    pending = [(Path(), comparison)]
    while pending:
        relative, node = pending.pop()
        found += [f"only in {first.name}: {relative / name}" for name in node.left_only]
        found += [f"only in {second.name}: {relative / name}" for name in node.right_only]
        for name in node.common_files:
            if not filecmp.cmp(first / relative / name, second / relative / name, shallow=False):
                found.append(f"differs: {relative / name}")
        pending += [(relative / name, child) for name, child in node.subdirs.items()]
    return sorted(found)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("reproducible")
    first = copy_project(root / "first-clone")
    second = copy_project(root / "second-clone")
    # The two clean builds share no file, so they can run side by side.
    builds = [start_build(first, root / "first"), start_build(second, root / "second")]
    for build in builds:
        finish(build)
    finish(start_build(first, root / "cached"))
    return {name: root / name for name in ("first", "second", "cached")}


def test_two_clean_builds_are_identical(sites: dict[str, Path]) -> None:
    assert differences(sites["first"], sites["second"]) == []
    assert any(sites["first"].rglob("*.html"))


def test_build_from_caches_is_identical(sites: dict[str, Path]) -> None:
    assert differences(sites["first"], sites["cached"]) == []


def test_differences_are_found(tmp_path: Path) -> None:
    """Check the comparison itself: a changed byte, a missing file and an extra one."""
    first, second = tmp_path / "a", tmp_path / "b"
    for tree in (first, second):
        (tree / "sub").mkdir(parents=True)
        (tree / "sub" / "same.txt").write_bytes(b"same")
    (first / "sub" / "page.html").write_bytes(b"<p>1</p>")
    (second / "sub" / "page.html").write_bytes(b"<p>2</p>")
    (first / "only-first.txt").write_bytes(b"")
    (second / "only-second.txt").write_bytes(b"")

    assert differences(first, second) == [
        "differs: sub/page.html",
        "only in a: only-first.txt",
        "only in b: only-second.txt",
    ]
