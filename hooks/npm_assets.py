"""Copy the front-end files the pages need from ``node_modules`` into the built site.

The packages are pinned in ``package.json`` and ``package-lock.json`` and
installed with ``npm ci``; nothing third-party is committed, and no page loads
anything from another host.

- KaTeX's stylesheet and its woff2 fonts style the formulas that
  ``katex.py`` typesets at build time. Browsers take the first format the
  stylesheet offers that they support, which is woff2 in every current one.
- iframe-worker's shim lets Material's search run its web worker when the
  site is opened from a folder on disk. Material's offline plugin would
  otherwise load it from a CDN; it skips that when ``extra.polyfills``
  already names iframe-worker, which ``mkdocs.yml`` does.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

KATEX_CSS = "assets/katex/katex.min.css"
IFRAME_WORKER_SHIM = "assets/javascripts/iframe-worker-shim.js"


def _node_modules(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / "node_modules"


def _assets(config: MkDocsConfig) -> dict[str, Path]:
    """Map each site path to the installed file it is copied from."""
    node_modules = _node_modules(config)
    katex_dist = node_modules / "katex" / "dist"
    assets = {
        KATEX_CSS: katex_dist / "katex.min.css",
        IFRAME_WORKER_SHIM: node_modules / "iframe-worker" / "shim" / "index.js",
    }
    for font in sorted((katex_dist / "fonts").glob("*.woff2")):
        assets[f"assets/katex/fonts/{font.name}"] = font
    return assets


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    missing = [str(source) for source in _assets(config).values() if not source.is_file()]
    if missing:
        root = Path(config.config_file_path).parent
        raise PluginError(f"front-end files are missing: {', '.join(missing)}; run 'npm ci' in {root}")
    if KATEX_CSS not in config.extra_css:
        config.extra_css.insert(0, KATEX_CSS)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for destination, source in _assets(config).items():
        files.append(File.generated(config, destination, abs_src_path=str(source)))
    return files
