"""Execute the notebooks of ``docs/notebooks/`` while the site builds, once per change.

Each notebook is stored as a jupytext percent-format ``.py`` file. In
``on_files`` this hook turns it into a notebook with fixed cell ids and runs
it in the ``python3`` kernel with nbclient, unless an executed copy is already
cached at ``.cache/notebooks/<key>/<name>.ipynb``. The key hashes the
notebook's source, every file of the ``backprop`` package, this hook, and the
versions of Python and of the packages the notebooks use. So editing a prose
page executes nothing, and any change to ``src/`` executes every notebook
again. Notebooks that need executing run at the same time, each in its own
kernel. The executed copy records no timings, so the same inputs give the
same file.

In ``on_nav``, after mkdocs-jupyter has taken the notebook files as pages,
each page's source is pointed at the executed ``.ipynb``. mkdocs-jupyter,
which ``mkdocs.yml`` tells not to execute ``.ipynb`` files, then only
converts it to HTML, and its ``include_source`` option copies it beside the
page, where the download link that ``on_page_content`` adds points.

A cell that raises is logged as an error, and a cell that writes to stderr (a
warning, say) as a warning; either fails ``mkdocs build --strict``. The page
then shows the notebook as far as it ran, traceback included, and nothing is
cached, so the next build runs it again.

``on_page_content`` also removes the scripts that nbconvert's template adds
to every notebook for MathJax and Mermaid, which would load from a CDN: the
site typesets formulas at build time (``notebook_math.py`` and ``katex.py``)
and loads nothing from another host. Anything else remote left in a notebook
page is logged as a warning.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.metadata
import importlib.util
import logging
import os
import platform
import re
import shutil
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.notebooks")

#: Folder of ``docs/`` whose ``.py`` files are notebooks.
NOTEBOOK_FOLDER = "notebooks/"
KERNEL_NAME = "python3"
PACKAGE = "backprop"
#: Seconds a single cell may run before the execution fails.
CELL_TIMEOUT = 300
#: Distributions whose versions can change what a notebook prints.
VERSIONED = (
    "numpy", "scipy", "scikit-learn", "matplotlib", "ipykernel", "ipython",
    "jupyter_client", "nbclient", "nbformat", "jupytext",
)
#: Executed copies kept per notebook. Older ones are deleted.
KEEP = 3

# src_uri of each notebook page -> the executed notebook its File points at.
_executed: dict[str, Path] = {}
# Site path -> text of each stylesheet moved out of the notebook pages.
_stylesheets: dict[str, str] = {}

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# The scripts nbconvert's template puts in front of every notebook: MathJax
# (its loader, whose src is the custom_mathjax_url or a CDN, and its
# configuration) and a module that imports Mermaid from a CDN.
MATHJAX_BLOCK = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.DOTALL)
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)
EMPTY_SRC = re.compile(r"""^<script\b[^>]*\bsrc\s*=\s*(?:""|'')""")
# Something the browser would fetch from another host: an element's source or
# stylesheet, or a module imported by a script. Links to read are no loads,
# and neither is the canonical link, which names the page's own address.
REMOTE_LOAD = re.compile(
    r"""<(?:script|link|img|iframe|source|audio|video|embed|object)\b(?![^>]*\brel\s*=\s*["']?canonical\b)"""
    r"""[^>]*\b(?:src|href|data)\s*=\s*["']?(?:https?:)?//"""
    r"""|\bimport\s*\(\s*["'](?:https?:)?//"""
)

# nbconvert's permalinks, and the copies of each cell's source and the
# "Copied!" notice that serve the copy buttons.
ANCHOR_LINK = re.compile(r'<a class="anchor-link" (href="#[^"]*")>')
SEARCH_DUPLICATES = re.compile(r'<(div class="clipboard-copy-txt"|span class="notice")')
# The stylesheets inlined in front of every notebook, some 600 kB.
STYLE = re.compile(r'<style type="text/css">(.*?)</style>', re.DOTALL)

DOWNLOAD_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">'
    '<path d="M5 20h14v-2H5v2zm14-9h-4V3H9v8H5l7 7 7-7z"/></svg>'
)


def read_notebook(path: Path):
    """Read a jupytext ``.py`` notebook and number its cells, so that the cell ids do not change between builds."""
    import jupytext

    notebook = jupytext.read(path)
    notebook.nbformat_minor = max(notebook.nbformat_minor, 5)
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"
    return notebook


def cache_key(source: Path) -> str:
    """Hash what the output of the notebook at ``source`` depends on."""
    digest = hashlib.sha256()
    digest.update(f"python {platform.python_version()}\n".encode())
    for name in VERSIONED:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name} {version}\n".encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(source.read_bytes())
    spec = importlib.util.find_spec(PACKAGE)
    if spec is not None and spec.origin is not None:
        package_dir = Path(spec.origin).parent
        for path in sorted(package_dir.rglob("*.py")):
            digest.update(path.relative_to(package_dir).as_posix().encode() + b"\n")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


async def _execute(notebook, cwd: Path) -> None:
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    # IPC sockets in a private folder: the kernel neither listens on TCP nor
    # warns about it, and the socket files go away with the folder.
    with tempfile.TemporaryDirectory(prefix="notebook-kernel-") as sockets:
        kernel_manager = AsyncKernelManager(
            kernel_name=KERNEL_NAME, transport="ipc", ip=str(Path(sockets) / "kernel")
        )
        client = NotebookClient(
            notebook,
            km=kernel_manager,
            timeout=CELL_TIMEOUT,
            allow_errors=False,
            record_timing=False,
            resources={"metadata": {"path": str(cwd)}},
        )
        try:
            # A fixed hash seed makes the order of sets of strings repeatable.
            await client.async_execute(env={**os.environ, "PYTHONHASHSEED": "0"})
        finally:
            # The client leaves a kernel manager it was handed, and that
            # kernel's channels, to its owner; unclosed sockets would warn.
            if client.kc is not None:
                client.kc.stop_channels()
            if kernel_manager.has_kernel:
                await kernel_manager.shutdown_kernel(now=True)


def merge_streams(notebook) -> None:
    """Join consecutive outputs of a cell to the same stream into one.

    How the kernel splits printed text into messages depends on timing. With
    one output per run of text, the executed notebook and its page are the
    same on every run.
    """
    for cell in notebook.cells:
        merged = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (
                previous is not None
                and output.get("output_type") == previous.get("output_type") == "stream"
                and output.get("name") == previous.get("name")
            ):
                previous["text"] += output["text"]
            else:
                merged.append(output)
        if "outputs" in cell:
            cell.outputs = merged


def execute_notebooks(jobs: list[tuple[object, Path]]) -> list[BaseException | None]:
    """Execute each ``(notebook, working folder)`` in place, all at once.

    Returns the exception each notebook raised, or None where it ran to the end.
    """

    async def run_all() -> list[BaseException | None]:
        return await asyncio.gather(*(_execute(notebook, cwd) for notebook, cwd in jobs), return_exceptions=True)

    errors = asyncio.run(run_all())
    for notebook, _ in jobs:
        merge_streams(notebook)
    return errors


def stderr_outputs(notebook) -> list[tuple[int, str]]:
    """Return ``(cell index, text)`` for each output a cell wrote to stderr."""
    found = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                found.append((index, "".join(output.get("text", ""))))
    return found


def _write(notebook, destination: Path) -> None:
    import nbformat

    destination.parent.mkdir(parents=True, exist_ok=True)
    # A private name: another build may share the cache folder.
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
    nbformat.write(notebook, temporary)
    temporary.replace(destination)


def _prune(cache_dir: Path, name: str) -> None:
    """Keep the ``KEEP`` most recently used executed copies of notebook ``name``."""
    copies = sorted(cache_dir.glob(f"*/{name}"), key=lambda path: path.stat().st_mtime, reverse=True)
    for stale in copies[KEEP:]:
        if stale.parent.name != "failed":
            shutil.rmtree(stale.parent, ignore_errors=True)


@event_priority(100)  # before mkdocs-jupyter's on_files, which wraps the notebook files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    _executed.clear()
    _stylesheets.clear()
    cache_dir = Path(config.config_file_path).parent / ".cache" / "notebooks"
    pending = []
    for file in files:
        if not (file.src_uri.startswith(NOTEBOOK_FOLDER) and file.src_uri.endswith(".py") and file.abs_src_path):
            continue
        source = Path(file.abs_src_path)
        executed = cache_dir / cache_key(source) / f"{source.stem}.ipynb"
        if executed.is_file():
            executed.touch()  # most recently used, for _prune
        else:
            pending.append((file, source, executed, read_notebook(source)))
        _executed[file.src_uri] = executed

    if pending:
        log.info("Executing %d notebook(s): %s", len(pending), ", ".join(file.src_uri for file, *_ in pending))
        errors = execute_notebooks([(notebook, source.parent) for _, source, _, notebook in pending])
        for (file, source, executed, notebook), error in zip(pending, errors):
            if error is not None:
                message = ANSI_ESCAPE.sub("", str(error))
                log.error("Notebook %s raised an error, so its page shows the traceback:\n%s", file.src_uri, message)
                executed = cache_dir / "failed" / f"{source.stem}.ipynb"
                _executed[file.src_uri] = executed
            for index, text in stderr_outputs(notebook):
                log.warning("Notebook %s, cell %d, wrote to stderr:\n%s", file.src_uri, index, text.rstrip())
            _write(notebook, executed)
            if error is None:
                _prune(cache_dir, executed.name)
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    # By now mkdocs-jupyter has wrapped each notebook's File in one that
    # computes its own abs_src_path; pointing that at the executed copy makes
    # mkdocs-jupyter render and publish the executed notebook.
    for file in files:
        if file.src_uri in _executed:
            file.abs_src_path = str(_executed[file.src_uri])
    return nav


def _strip_remote_scripts(html: str, page: Page) -> str:
    html = MATHJAX_BLOCK.sub("", html)

    def keep(script: re.Match[str]) -> str:
        text = script.group(0)
        return "" if EMPTY_SRC.match(text) or REMOTE_LOAD.search(text) else text

    html = SCRIPT.sub(keep, html)
    remote = REMOTE_LOAD.search(html)
    if remote:
        log.warning("Notebook page %s still loads from another host: %s", page.file.src_uri, remote.group(0))
    return html


def _download_link(page: Page) -> str:
    name = _executed[page.file.src_uri].name
    return (
        f'<a class="md-content__button md-icon" href="{name}" download '
        f'title="Download this notebook ({name})">{DOWNLOAD_ICON}</a>'
    )


def _move_stylesheets(html: str, page: Page) -> str:
    """Replace the stylesheets in front of the notebook with links to one shared copy of each."""
    notebook_start = html.find('<div class="jupyter-wrapper">')
    if notebook_start < 0:
        return html

    def link(match: re.Match[str]) -> str:
        css = match.group(1).strip() + "\n"
        name = f"assets/notebooks/{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
        _stylesheets[name] = css
        return f'<link rel="stylesheet" href="{get_relative_url(name, page.url)}">'

    return STYLE.sub(link, html[:notebook_start]) + html[notebook_start:]


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri not in _executed:
        return html
    html = _strip_remote_scripts(html, page)
    html = _move_stylesheets(html, page)
    # Material's permalinks: styled like the other pages', and left out of search.
    html = ANCHOR_LINK.sub(r'<a class="headerlink" \1 title="Permanent link">', html)
    html = SEARCH_DUPLICATES.sub(r"<\1 data-search-exclude", html)
    return _download_link(page) + html


def on_post_build(config: MkDocsConfig) -> None:
    for name, css in _stylesheets.items():
        path = Path(config.site_dir) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(css, encoding="utf-8")
