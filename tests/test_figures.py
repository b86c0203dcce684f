"""Tests of the site's figures: SVG output, reproducibility and the colour schemes."""

import subprocess
import sys

import pytest

pytest.importorskip("matplotlib")

from backprop.figures import FIGURES, SCHEMES, render_svg  # noqa: E402


class RenderedFigures(dict):
    """Cache of SVG text by (figure name, scheme), rendered on first use so a failure names its figure."""

    def __missing__(self, key):
        name, scheme = key
        self[key] = render_svg(FIGURES[name](scheme))
        return self[key]


@pytest.fixture(scope="module")
def svgs():
    return RenderedFigures()


def test_schemes_are_light_and_dark():
    assert SCHEMES == ("light", "dark")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", FIGURES)
def test_figure_renders_svg(svgs, name, scheme):
    svg = svgs[name, scheme]

    assert svg.startswith("<?xml")
    assert "<svg" in svg
    assert svg.rstrip().endswith("</svg>")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", FIGURES)
def test_figure_render_reproducible(svgs, name, scheme):
    assert render_svg(FIGURES[name](scheme)) == svgs[name, scheme]


@pytest.mark.parametrize("name", FIGURES)
def test_light_and_dark_differ(svgs, name):
    assert svgs[name, "light"] != svgs[name, "dark"]


@pytest.mark.parametrize("name", FIGURES)
def test_svg_has_no_date(svgs, name):
    # A date in the metadata would change the file on every build.
    assert "<dc:date>" not in svgs[name, "light"]


@pytest.mark.parametrize("name", FIGURES)
@pytest.mark.parametrize("scheme", ["Light", "auto", "slate", ""])
def test_unknown_scheme_raises(name, scheme):
    with pytest.raises(ValueError, match="scheme must be one of"):
        FIGURES[name](scheme)


def test_import_skips_matplotlib():
    result = subprocess.run(
        [sys.executable, "-c", "import backprop, sys; print('matplotlib' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "False"
