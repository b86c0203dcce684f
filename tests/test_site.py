"""Build the site as a reader would and check what the build produces.

The strict build runs every code block that a page executes, includes the
code from ``src/`` and draws the figures, so a broken example, a missing
include or a formula KaTeX cannot parse fails here.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = [sys.executable, "-m", "mkdocs"]
PAGES = [
    "index", "notation", "forward", "backprop-regression", "sigmoid",
    "cross-entropy", "shared-update", "canonical-links", "corrections", "checks", "api",
]


def run_build(config_dir: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(site_dir)],
        cwd=config_dir,
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("site")
    result = run_build(ROOT, site_dir)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site_dir


@pytest.mark.parametrize("page", PAGES)
def test_page_built(site: Path, page: str) -> None:
    assert (site / f"{page}.html").is_file()


@pytest.mark.parametrize("page", [page for page in PAGES if page != "api"])
def test_page_math_typeset(site: Path, page: str) -> None:
    html = (site / f"{page}.html").read_text(encoding="utf-8")

    assert 'class="katex"' in html
    # Formulas KaTeX failed on stay in arithmatex's delimiters.
    assert not re.search(r'class="arithmatex">\\[(\[]', html)


def test_api_page_math_typeset(site: Path) -> None:
    html = (site / "api.html").read_text(encoding="utf-8")

    assert "backprop.network.backward" in html
    assert 'class="katex"' in html
    assert not re.search(r'class="arithmatex">\\[(\[]', html)


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_nothing_remote(site: Path, page: str) -> None:
    html = (site / f"{page}.html").read_text(encoding="utf-8")

    # The canonical link names the page's own address and loads nothing.
    tags = [tag for tag in re.findall(r"<(?:script|link|img|iframe)[^>]*>", html) if 'rel="canonical"' not in tag]
    remote = [url for tag in tags for url in re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', tag)]
    assert remote == []


def test_katex_assets_copied(site: Path) -> None:
    css = (site / "assets" / "katex" / "katex.min.css").read_text(encoding="utf-8")
    fonts = re.findall(r"url\((fonts/[^)]+\.woff2)\)", css)

    assert fonts
    assert all((site / "assets" / "katex" / font).is_file() for font in fonts)
    assert "http" not in re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)


def test_no_google_fonts(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")

    assert "fonts.googleapis" not in html
    assert "fonts.gstatic" not in html


@pytest.mark.parametrize(
    "name", ["sigmoid", "training-loss", "regression-fit", "decision-boundary", "gradient-check", "saturation"]
)
def test_figure_drawn_for_both_schemes(site: Path, name: str) -> None:
    for scheme in ("light", "dark"):
        svg = site / "figures" / f"{name}-{scheme}.svg"
        assert svg.read_text(encoding="utf-8").startswith("<?xml")


def test_figures_not_written_into_docs() -> None:
    assert not (ROOT / "docs" / "figures").exists()


def test_included_code_matches_source(site: Path) -> None:
    html = (site / "backprop-regression.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)

    assert "dZ2 = (A2 - Y) / m" in text.replace("&gt;", ">")
    assert "dW1 = dZ1 @ X.T" in text


def test_executed_blocks_printed(site: Path) -> None:
    text = re.sub(r"<[^>]+>", "", (site / "shared-update.html").read_text(encoding="utf-8"))

    assert "finite difference / shared formula = 2.000000" in text


@pytest.fixture()
def scratch_project(tmp_path: Path) -> Path:
    """Copy the site's sources into a scratch folder that a test may break."""
    for name in ("mkdocs.yml", "docs", "hooks"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy(source, tmp_path / name)
    for name in ("src", "tests", "node_modules"):
        (tmp_path / name).symlink_to(ROOT / name)
    # Figures, derivation verdicts and notebooks are cached by their inputs,
    # which the scratch copy shares, so sharing the cache only saves time.
    (ROOT / ".cache").mkdir(exist_ok=True)
    (tmp_path / ".cache").symlink_to(ROOT / ".cache")
    return tmp_path


def test_missing_include_fails_build(scratch_project: Path) -> None:
    page = scratch_project / "docs" / "forward.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("network.py:forward", "network.py:no_such_section"),
        encoding="utf-8",
    )

    result = run_build(scratch_project, scratch_project / "site")

    assert result.returncode != 0
    assert "no_such_section" in result.stderr


def test_bad_formula_fails_build(scratch_project: Path) -> None:
    page = scratch_project / "docs" / "sigmoid.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n$\\frac{1}{$\n", encoding="utf-8")

    result = run_build(scratch_project, scratch_project / "site")

    assert result.returncode != 0
    assert "KaTeX cannot typeset" in result.stderr


def test_raising_code_block_fails_build(scratch_project: Path) -> None:
    page = scratch_project / "docs" / "sigmoid.md"
    page.write_text(
        page.read_text(encoding="utf-8") + '\n```python exec="on"\nraise RuntimeError("broken block")\n```\n',
        encoding="utf-8",
    )

    result = run_build(scratch_project, scratch_project / "site")

    assert result.returncode != 0
    assert "broken block" in result.stderr


def test_derivation_shows_checked_latex(site: Path) -> None:
    """The TeX that KaTeX typeset in each derivation row is the checked expression's LaTeX."""
    from backprop.derivations import ALL_DERIVATIONS
    from backprop.derivations.printing import to_latex

    shown = {}
    for page in site.glob("*.html"):
        for match in re.finditer(r'<div class="derivation" id="derivation-([^"]+)"(.*?)</table>', page.read_text(encoding="utf-8"), re.DOTALL):
            annotations = re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>', match.group(2), re.DOTALL)
            shown[match.group(1)] = [html.unescape(text) for text in annotations]

    assert set(shown) == set(ALL_DERIVATIONS)
    for name, derivation in ALL_DERIVATIONS.items():
        steps = [f"\\displaystyle = {to_latex(step.expression)}" for step in derivation.steps]
        rows = [text for text in shown[name] if text.startswith("\\displaystyle = ")]
        assert rows[: len(steps)] == steps, name
