"""Execute the notebooks, check the numbers they report, and check their pages.

The notebooks in ``docs/notebooks/`` are executed here the way
``hooks/notebooks.py`` executes them while the site builds, with one cell
appended that prints the notebook's key numbers as JSON. A build of the site
then shows what readers get: both notebooks in the navigation, their
formulas typeset, their download links working, and nothing loaded from
another host.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "docs" / "notebooks"
NAMES = ("by-hand", "real-data")

#: How far below its baseline, on the same split, a network may score.
ACCURACY_MARGIN = 0.04  # test accuracy, against logistic regression (about 6 of 143 tumours)
R2_MARGIN = 0.05  # test R², against linear regression
LOG_LOSS_MARGIN = 0.05  # test log-loss, against logistic regression


def load_hook(name: str):
    spec = importlib.util.spec_from_file_location(f"hook_{name.replace('-', '_')}", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


notebooks_hook = load_hook("notebooks")
notebook_math = load_hook("notebook_math")

# Cells appended to each notebook: each prints one line of JSON. The by-hand
# report recomputes every array with the package instead of trusting the
# notebook's own comparison.
REPORTS = {
    "by-hand": """
import json as _json
_report = {"gradient_check": errors, "by_hand_keys": {}, "largest_difference": {}}
for _model, _Y in targets.items():
    _A2, _cache = forward(X, parameters, _model)
    _package = {"Z1": _cache.Z1, "A1": _cache.A1, "Z2": _cache.Z2, "A2": _A2,
                "loss": compute_loss(_cache, _Y), **backward(parameters, _cache, _Y)}
    _report["by_hand_keys"][_model] = sorted(by_hand[_model])
    _report["largest_difference"][_model] = {
        _name: float(np.max(np.abs(np.asarray(_package[_name]) - _value)))
        for _name, _value in by_hand[_model].items()}
print(_json.dumps(_report))
""",
    "real-data": """
import json as _json
print(_json.dumps({"regression": regression_results, "classification": classification_results}))
""",
}


def run_build(config_dir: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=config_dir,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("site")
    result = run_build(ROOT, site_dir)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site_dir


@pytest.fixture(scope="module")
def executed() -> dict[str, nbformat.NotebookNode]:
    """Both notebooks, executed at once, each with its report cell appended last."""
    notebooks = {}
    for name in NAMES:
        notebook = notebooks_hook.read_notebook(NOTEBOOKS / f"{name}.py")
        notebook.cells.append(nbformat.v4.new_code_cell(REPORTS[name], id="report"))
        notebooks[name] = notebook
    errors = notebooks_hook.execute_notebooks([(notebook, NOTEBOOKS) for notebook in notebooks.values()])
    assert errors == [None, None], errors
    return notebooks


def report(notebook: nbformat.NotebookNode) -> dict:
    (output,) = notebook.cells[-1].outputs
    return json.loads(output.text)


def printed(notebook: nbformat.NotebookNode) -> str:
    return "".join(
        output.get("text", "") for cell in notebook.cells[:-1] for output in cell.get("outputs", [])
        if output.output_type == "stream"
    )


def test_notebooks_write_nothing_to_stderr(executed: dict[str, nbformat.NotebookNode]) -> None:
    for notebook in executed.values():
        assert notebooks_hook.stderr_outputs(notebook) == []


@pytest.mark.parametrize("model", ["regression", "classification"])
def test_by_hand_gradients_pass_the_check(executed: dict[str, nbformat.NotebookNode], model: str) -> None:
    errors = report(executed["by-hand"])["gradient_check"][model]

    assert set(errors) == {"dW1", "db1", "dW2", "db2"}
    assert max(errors.values()) < 1e-7


@pytest.mark.parametrize("model", ["regression", "classification"])
def test_by_hand_matches_package(executed: dict[str, nbformat.NotebookNode], model: str) -> None:
    result = report(executed["by-hand"])

    assert result["by_hand_keys"][model] == sorted(
        ["Z1", "A1", "Z2", "A2", "loss", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]
    )
    assert max(result["largest_difference"][model].values()) < 1e-12


def test_by_hand_prints_shapes(executed: dict[str, nbformat.NotebookNode]) -> None:
    lines = printed(executed["by-hand"]).splitlines()
    shapes = {
        "Z1": "(n_1, m) = (3, 4)", "A1": "(n_1, m) = (3, 4)", "Z2": "(1, m) = (1, 4)", "A2": "(1, m) = (1, 4)",
        "dZ2": "(1, m) = (1, 4)", "dW2": "(1, n_1) = (1, 3)", "db2": "(1, 1) = (1, 1)",
        "dA1": "(n_1, m) = (3, 4)", "dZ1": "(n_1, m) = (3, 4)", "dW1": "(n_1, n_x) = (3, 2)",
        "db1": "(n_1, 1) = (3, 1)",
    }
    for name, shape in shapes.items():
        # Once for regression and once for classification.
        assert lines.count(f"{name}  {shape}") == 2, name


def test_classifier_close_to_logistic_regression(executed: dict[str, nbformat.NotebookNode]) -> None:
    scores = report(executed["real-data"])["classification"]
    network, baseline = scores["network, 8 hidden units"], scores["logistic regression"]

    assert network["accuracy"] >= baseline["accuracy"] - ACCURACY_MARGIN
    assert network["log_loss"] <= baseline["log_loss"] + LOG_LOSS_MARGIN
    assert network["accuracy"] > scores["training frequency"]["accuracy"] + 0.2


def test_regression_close_to_linear_regression(executed: dict[str, nbformat.NotebookNode]) -> None:
    scores = report(executed["real-data"])["regression"]
    network, baseline = scores["network, 8 hidden units"], scores["linear regression"]

    assert network["r2"] >= baseline["r2"] - R2_MARGIN
    assert network["rmse"] < scores["training mean"]["rmse"]


def test_results_reading_still_true(executed: dict[str, nbformat.NotebookNode]) -> None:
    """The notebook states that on its split neither network beats its baseline."""
    scores = report(executed["real-data"])

    assert scores["regression"]["network, 8 hidden units"]["r2"] <= scores["regression"]["linear regression"]["r2"]
    classification = scores["classification"]
    network, weak = classification["network, 8 hidden units"], classification["logistic regression, C = 100"]
    assert network["accuracy"] <= classification["logistic regression"]["accuracy"]
    # With a weaker penalty, logistic regression classifies no better than the network ...
    assert weak["accuracy"] <= network["accuracy"]
    # ... and its log-loss is far worse.
    assert weak["log_loss"] > 2 * network["log_loss"]


@pytest.mark.parametrize("name", NAMES)
def test_execution_is_repeatable(site: Path, executed: dict[str, nbformat.NotebookNode], name: str) -> None:
    """The notebook published by the build, executed separately, is the one executed here."""
    published = nbformat.read(site / "notebooks" / f"{name}.ipynb", as_version=4)
    here = nbformat.from_dict({**executed[name], "cells": executed[name].cells[:-1]})

    assert nbformat.writes(published) == nbformat.writes(here)


def test_notebooks_in_navigation(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    corrections = html.index('href="corrections.html"')
    by_hand = html.index('href="notebooks/by-hand.html"')

    assert corrections < by_hand
    assert by_hand < html.index('href="notebooks/real-data.html"')
    assert "Notebooks" in html[corrections:by_hand]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_page_math_typeset(site: Path, name: str) -> None:
    html = (site / "notebooks" / f"{name}.html").read_text(encoding="utf-8")

    assert html.count('class="katex"') > 10
    assert not re.search(r'class="arithmatex">\\[(\[]', html)
    for start, end in notebook_math.markdown_cells(html):
        text = re.sub(r"<(code|pre)\b.*?</\1>", "", html[start:end], flags=re.DOTALL)
        assert "$" not in re.sub(r"<annotation\b.*?</annotation>", "", text, flags=re.DOTALL)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_page_loads_nothing_remote(site: Path, name: str) -> None:
    html = (site / "notebooks" / f"{name}.html").read_text(encoding="utf-8")

    assert notebooks_hook.REMOTE_LOAD.search(html) is None
    assert "mathjax" not in html.lower()
    for stylesheet in re.findall(r'<link rel="stylesheet" href="(\.\./assets/notebooks/[^"]+)"', html):
        css = (site / "notebooks" / stylesheet).read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_download_link(site: Path, name: str) -> None:
    html = (site / "notebooks" / f"{name}.html").read_text(encoding="utf-8")
    (href,) = re.findall(r'<a class="md-content__button md-icon" href="([^"]+)" download', html)
    notebook = nbformat.read(site / "notebooks" / href, as_version=4)

    assert href == f"{name}.ipynb"
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code)  # executed, outputs included
    assert sum(1 for cell in code if cell.outputs) > len(code) / 2


def test_notebook_links_resolve(site: Path) -> None:
    for name in NAMES:
        html = (site / "notebooks" / f"{name}.html").read_text(encoding="utf-8")
        for href, anchor in re.findall(r'<a\b[^>]*\bhref="(\.\./[^"#]+)(?:#([^"]*))?"', html):
            target = site / "notebooks" / href
            assert target.is_file(), href
            if anchor:
                assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), f"{href}#{anchor}"


def test_results_beside_baselines(site: Path) -> None:
    text = re.sub(r"<[^>]+>", " ", (site / "notebooks" / "real-data.html").read_text(encoding="utf-8"))

    for row in ("network, 8 hidden units", "linear regression", "logistic regression", "training mean"):
        assert row in text
    for column in ("test RMSE", "test R²", "test accuracy", "test log-loss", "predicted malignant"):
        assert column in text


def test_kernel_runs_this_python() -> None:
    from jupyter_client.manager import KernelManager

    command = KernelManager(kernel_name="python3").format_kernel_cmd()

    assert Path(command[0]).resolve() == Path(sys.executable).resolve()


def test_math_hook_leaves_code_alone() -> None:
    html = (
        '<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell"><div class="jp-RenderedMarkdown">'
        "<p>Inline $a_1 &lt; b$ and <code>cost = $5</code>, $5 and $6.</p>\n"
        "<p>$$\nx &amp;= y\n$$</p></div></div>"
        '<div class="jp-Cell jp-CodeCell"><pre>print("$x$")</pre>'
        '<div class="jp-RenderedMarkdown"><p>$y$</p></div></div>'
    )

    marked = notebook_math.mark_formulas(html)

    assert '<span class="arithmatex">\\(a_1 &lt; b\\)</span>' in marked
    assert '<div class="arithmatex">\\[x &amp;= y\\]</div>' in marked
    assert "<code>cost = $5</code>, $5 and $6." in marked
    assert 'print("$x$")' in marked
    assert "<p>$y$</p>" in marked


RAISING_NOTEBOOK = """# %% [markdown]
# # Backpropagation by hand

# %%
print("before the error")

# %%
raise RuntimeError("broken cell")
"""

PLAIN_NOTEBOOK = """# %% [markdown]
# # Both models on real data

# %%
print("nothing to see")
"""


def test_raising_cell_fails_strict_build(tmp_path: Path) -> None:
    for name in ("mkdocs.yml", "docs", "hooks"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy(source, tmp_path / name)
    for name in ("src", "tests", "node_modules"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "docs" / "notebooks" / "by-hand.py").write_text(RAISING_NOTEBOOK, encoding="utf-8")
    (tmp_path / "docs" / "notebooks" / "real-data.py").write_text(PLAIN_NOTEBOOK, encoding="utf-8")

    result = run_build(tmp_path, tmp_path / "site")

    assert result.returncode != 0
    assert "Notebook notebooks/by-hand.py raised an error" in result.stderr
    assert "broken cell" in result.stderr
    # A failed execution is not cached: the next build runs the notebook again.
    cached = (tmp_path / ".cache" / "notebooks").glob("*/by-hand.ipynb")
    assert [path.parent.name for path in cached] == ["failed"]
