"""Render the derivations of ``backprop.derivations`` into the pages, with the checker's verdict on each step.

A page asks for a derivation with a line of its own::

    [[derivation sigmoid-derivative]]

and for the table of every derivation with::

    [[derivation-index]]

Each step is printed from the expression the checker verifies, with a mark
saying how it was checked. The checks run while the site builds: a step of an
asserted derivation that fails, or a quoted error of the notes that the
checker accepts, is logged as a warning, which fails ``mkdocs build --strict``.
Verdicts are cached in ``.cache/derivations/`` under a key made from the
package source and the SymPy and NumPy versions.
"""

from __future__ import annotations

import hashlib
import html
import importlib
import json
import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.derivations")

DIRECTIVE = re.compile(r"^\[\[derivation (?P<name>[A-Za-z0-9-]+)\]\]$", re.MULTILINE)
INDEX_DIRECTIVE = re.compile(r"^\[\[derivation-index\]\]$", re.MULTILINE)
INLINE_MATH = re.compile(r"\$(?P<tex>[^$]+)\$")

# Length of LaTeX source above which the left-hand side is shown above the steps.
LONG_LHS = 120

# The page that explains the checks and includes the tests that run them.
CHECKS_PAGE = "checks.md"

_verdicts: dict[str, list[dict[str, object]]] | None = None


def _cache_key(package_dir: Path) -> str:
    import numpy
    import sympy

    digest = hashlib.sha256(f"numpy {numpy.__version__} sympy {sympy.__version__}\n".encode())
    for path in sorted(package_dir.rglob("*.py")):
        digest.update(path.relative_to(package_dir).as_posix().encode() + b"\n")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _load_verdicts(config: MkDocsConfig) -> dict[str, list[dict[str, object]]]:
    """Check every derivation, or read the verdicts cached for this package source."""
    derivations = importlib.import_module("backprop.derivations")
    package_dir = Path(derivations.__file__).parents[1]
    cache = Path(config.config_file_path).parent / ".cache" / "derivations" / f"{_cache_key(package_dir)}.json"
    if cache.is_file():
        return json.loads(cache.read_text(encoding="utf-8"))

    verdicts = {
        name: [{"holds": result.holds, "message": result.message} for result in derivation.check()]
        for name, derivation in derivations.ALL_DERIVATIONS.items()
    }
    cache.parent.mkdir(parents=True, exist_ok=True)
    temporary = cache.with_suffix(".tmp")
    temporary.write_text(json.dumps(verdicts, indent=1, sort_keys=True), encoding="utf-8")
    temporary.replace(cache)
    log.info("Checked %d derivations; verdicts cached in %s", len(verdicts), cache)
    return verdicts


def on_pre_build(config: MkDocsConfig) -> None:
    global _verdicts
    # The figures hook has already dropped the package from sys.modules, so
    # this import loads the current source under mkdocs serve.
    _verdicts = _load_verdicts(config)

    derivations = importlib.import_module("backprop.derivations")
    for name, derivation in derivations.ALL_DERIVATIONS.items():
        failed = [verdict["message"] for verdict in _verdicts[name] if not verdict["holds"]]
        if derivation.claimed and failed:
            for message in failed:
                log.warning("Derivation %s: %s", name, message)
        if not derivation.claimed and not failed:
            log.warning("Derivation %s quotes an error of the notes, but the checker accepts every step", name)


def _text_with_math(text: str) -> str:
    """Escape ``text`` for HTML, turning ``$...$`` into the spans the KaTeX hook typesets."""
    pieces = []
    end = 0
    for match in INLINE_MATH.finditer(text):
        pieces.append(html.escape(text[end : match.start()]))
        pieces.append(f'<span class="arithmatex">\\({html.escape(match.group("tex"))}\\)</span>')
        end = match.end()
    pieces.append(html.escape(text[end:]))
    return "".join(pieces)


def _math(tex: str) -> str:
    return f'<span class="arithmatex">\\(\\displaystyle {html.escape(tex)}\\)</span>'


def render(name: str) -> str:
    """Return the Markdown (an HTML table and a footer) that shows derivation ``name``."""
    derivations = importlib.import_module("backprop.derivations")
    checks = importlib.import_module("backprop.derivations.checks")
    printing = importlib.import_module("backprop.derivations.printing")
    if name not in derivations.ALL_DERIVATIONS:
        raise PluginError(f"unknown derivation {name!r}; known: {', '.join(derivations.ALL_DERIVATIONS)}")
    derivation = derivations.ALL_DERIVATIONS[name]
    verdicts = _verdicts[name]
    how = derivation.describe_check()
    short = "symbolic" if derivation.method == "symbolic" else f"numeric, < {checks.TOLERANCE_TEXT}"

    rows = []
    lhs_latex = printing.to_latex(derivation.lhs)
    # A long left-hand side gets a row of its own, so the steps stay in view.
    lhs_on_own_row = len(lhs_latex) > LONG_LHS
    if lhs_on_own_row:
        rows.append(f'<tr><td class="derivation-lhs derivation-lhs-row" colspan="4">{_math(lhs_latex)}</td></tr>')
    for index, (step, verdict) in enumerate(zip(derivation.steps, verdicts), start=1):
        lhs = _math(lhs_latex) if index == 1 and not lhs_on_own_row else ""
        if verdict["holds"]:
            mark = f'<span class="derivation-check derivation-holds" title="{html.escape(how)}">&#10003; {short}</span>'
        else:
            mark = f'<span class="derivation-check derivation-rejected" title="{html.escape(how)}">&#10007; rejected</span>'
        rows.append(
            f'<tr id="{name}-step-{index}"><td class="derivation-lhs">{lhs}</td>'
            f'<td class="derivation-rhs">{_math("= " + printing.to_latex(step.expression))}</td>'
            f'<td class="derivation-reason">{_text_with_math(step.reason)}</td>'
            f"<td>{mark}</td></tr>"
        )

    rejections = "".join(
        f'<p class="derivation-message">Checker: {_text_with_math(str(verdict["message"]))}</p>'
        for verdict in verdicts
        if not verdict["holds"]
    )
    table = (
        f'<div class="derivation" id="derivation-{name}" data-derivation="{name}" data-method="{derivation.method}">'
        f'<table><tbody>{"".join(rows)}</tbody></table>{rejections}</div>'
    )
    steps = len(derivation.steps)
    footer = (
        f"<small>{steps} step{'s' if steps != 1 else ''}, checked while the site was built: {how}. "
        f"[How the checks work and the test that runs them]({CHECKS_PAGE}#{derivation.method}).</small>"
    )
    return f"\n{table}\n\n{footer}\n"


def render_index() -> str:
    """Return a Markdown table of every derivation, its method, steps and verdict."""
    derivations = importlib.import_module("backprop.derivations")
    lines = ["| derivation | shown as | checked | steps | verdict |", "| --- | --- | --- | --- | --- |"]
    for name, derivation in derivations.ALL_DERIVATIONS.items():
        held = sum(1 for verdict in _verdicts[name] if verdict["holds"])
        steps = len(derivation.steps)
        if derivation.claimed:
            verdict = "all steps hold" if held == steps else f"{steps - held} failing"
        else:
            verdict = f"rejected ({steps - held} of {steps})"
        shown = "the notes' version" if not derivation.claimed else "asserted"
        lines.append(f"| `{name}` | {shown} | {derivation.method} | {steps} | {verdict} |")
    return "\n".join(lines) + "\n"


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    markdown = INDEX_DIRECTIVE.sub(lambda match: render_index(), markdown)
    return DIRECTIVE.sub(lambda match: render(match.group("name")), markdown)
