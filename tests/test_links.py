"""A link to a missing page or to a missing anchor fails the strict build.

``mkdocs.yml`` sets MkDocs' ``validation`` options to warn about links to
pages that do not exist, anchors that no page defines, absolute links and
links that MkDocs cannot resolve, and ``strict: true`` turns each warning
into a failed build. This test breaks a copy of the site both ways and
checks that the build fails and names each broken link.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv*", "node_modules", "site", "__pycache__", "*.egg-info", ".pytest_cache", "build"
)


def test_broken_links_fail_the_strict_build(tmp_path: Path) -> None:
    # The copy keeps the caches, so that only the pages are built again.
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=NOT_COPIED, symlinks=True)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    page = project / "docs" / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\nSee [a missing page](no-such-page.md) and [a missing anchor](sigmoid.md#no-such-anchor).\n",
        encoding="utf-8",
    )

    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=900,
    )

    assert result.returncode != 0
    assert "no-such-page.md" in result.stderr
    assert "no-such-anchor" in result.stderr
