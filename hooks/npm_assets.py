"""Copy the front-end files the pages need from ``node_modules`` into the built site.

The packages are pinned in ``package.json`` and ``package-lock.json`` and
installed with ``npm ci``; nothing third-party is committed, and no page loads
anything from another host.

- KaTeX's stylesheet and its fonts style the formulas that ``katex.py``
  typesets at build time. Browsers take the first format the stylesheet
  offers that they support, which is woff2 in every current one. The fonts
  are cut down to the characters the built pages show in them (subset with
  fontTools, compressed with Brotli), which halves what a page with
  formulas downloads. The subsets are cached in ``.cache/katex-fonts/``
  under a key made from those characters and the versions involved.
- iframe-worker's shim lets Material's search run its web worker when the
  site is opened from a folder on disk. Material's offline plugin would
  otherwise load it from a CDN; it skips that when ``extra.polyfills``
  already names iframe-worker, which ``mkdocs.yml`` does.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import logging
import os
import re
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

KATEX_CSS = "assets/katex/katex.min.css"
KATEX_FONTS = "assets/katex/fonts"
IFRAME_WORKER_SHIM = "assets/javascripts/iframe-worker-shim.js"

# The text of KaTeX's HTML rendering. katex.py renames its outer element to
# <katex-html>, which never nests, so this finds each one whole.
KATEX_HTML = re.compile(r"<katex-html\b[^>]*>(.*?)</katex-html>", re.DOTALL)
TAG = re.compile(r"<[^>]*>")
# KaTeX's stylesheet writes equation numbers, "(1)", with CSS counters.
ALWAYS_KEPT = "0123456789()"

# Every character the built pages show in KaTeX's fonts. It only grows while
# mkdocs serve runs, so a rebuild of a few pages keeps the others' glyphs.
_characters: set[str] = set()


def _node_modules(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / "node_modules"


def _assets(config: MkDocsConfig) -> dict[str, Path]:
    """Map each site path to the installed file it is copied from."""
    node_modules = _node_modules(config)
    katex_dist = node_modules / "katex" / "dist"
    return {
        KATEX_CSS: katex_dist / "katex.min.css",
        IFRAME_WORKER_SHIM: node_modules / "iframe-worker" / "shim" / "index.js",
    }


def _katex_fonts(config: MkDocsConfig) -> list[Path]:
    """KaTeX's fonts in TrueType, the source of the subsets."""
    return sorted((_node_modules(config) / "katex" / "dist" / "fonts").glob("*.ttf"))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    missing = [str(source) for source in _assets(config).values() if not source.is_file()]
    if not _katex_fonts(config):
        missing.append(str(_node_modules(config) / "katex" / "dist" / "fonts" / "*.ttf"))
    if missing:
        root = Path(config.config_file_path).parent
        raise PluginError(f"front-end files are missing: {', '.join(missing)}; run 'npm ci' in {root}")
    for module in ("fontTools", "brotli"):
        try:
            importlib.metadata.version(module)
        except importlib.metadata.PackageNotFoundError:
            raise PluginError(f"{module} is missing: install the docs extra (pip install -e '.[docs]')") from None
    # With KATEX_TYPESET=0 the formulas stay TeX (see katex.py), so pages need no KaTeX stylesheet.
    if KATEX_CSS not in config.extra_css and os.environ.get("KATEX_TYPESET", "1") != "0":
        config.extra_css.insert(0, KATEX_CSS)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for destination, source in _assets(config).items():
        files.append(File.generated(config, destination, abs_src_path=str(source)))
    return files


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    for match in KATEX_HTML.finditer(output):
        _characters.update(html.unescape(TAG.sub("", match.group(1))))
    return output


def _subset(source: Path, characters: set[str], destination: Path) -> None:
    """Write the glyphs of ``source`` for ``characters`` to ``destination`` as woff2."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    # KaTeX's fonts carry old dates, which fontTools warns about on reading.
    fonttools_log = logging.getLogger("fontTools")
    level = fonttools_log.level
    fonttools_log.setLevel(logging.ERROR)
    try:
        # The font keeps its own date, so the same characters give the same bytes.
        font = TTFont(source, recalcTimestamp=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(character) for character in characters))
        subsetter.subset(font)
        font.flavor = "woff2"
        temporary = destination.with_suffix(".tmp")
        font.save(temporary)
        temporary.replace(destination)
    finally:
        fonttools_log.setLevel(level)


def on_post_build(config: MkDocsConfig) -> None:
    characters = _characters | set(ALWAYS_KEPT)
    katex_package = _node_modules(config) / "katex" / "package.json"
    digest = hashlib.sha256()
    digest.update(json.loads(katex_package.read_text(encoding="utf-8"))["version"].encode())
    for module in ("fontTools", "brotli"):
        digest.update(f" {module} {importlib.metadata.version(module)}".encode())
    digest.update("".join(sorted(characters)).encode("utf-8"))
    cache_dir = Path(config.config_file_path).parent / ".cache" / "katex-fonts" / digest.hexdigest()[:16]

    site_fonts = Path(config.site_dir) / KATEX_FONTS
    site_fonts.mkdir(parents=True, exist_ok=True)
    for source in _katex_fonts(config):
        cached = cache_dir / source.with_suffix(".woff2").name
        if not cached.is_file():
            cache_dir.mkdir(parents=True, exist_ok=True)
            _subset(source, characters, cached)
        shutil.copyfile(cached, site_fonts / cached.name)
