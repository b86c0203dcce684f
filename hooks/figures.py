"""Draw the package's figures while the site builds, and reload the package on each build.

Each figure of ``backprop.figures.FIGURES`` becomes two generated files,
``figures/<name>-light.svg`` and ``figures/<name>-dark.svg``, which pages show
with Material's ``#only-light`` and ``#only-dark`` suffixes. Nothing is written
into ``docs/``, which under ``mkdocs serve`` would trigger endless rebuilds.

Drawn SVGs are cached in ``.cache/figures/`` under a key made from the source
of the whole package and the NumPy and matplotlib versions, so a prose edit
redraws nothing and any change to ``src/`` redraws everything.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.figures")

PACKAGE = "backprop"


def on_pre_build(config: MkDocsConfig) -> None:
    # mkdocs serve reuses one Python process: without this, code run on the
    # pages and the figures would come from the package as first imported.
    for name in [name for name in sys.modules if name == PACKAGE or name.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    importlib.invalidate_caches()


def _cache_key(package_dir: Path) -> str:
    import matplotlib
    import numpy

    digest = hashlib.sha256()
    digest.update(f"numpy {numpy.__version__} matplotlib {matplotlib.__version__}\n".encode())
    for path in sorted(package_dir.rglob("*.py")):
        digest.update(path.relative_to(package_dir).as_posix().encode() + b"\n")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    figures = importlib.import_module(f"{PACKAGE}.figures")
    package_dir = Path(figures.__file__).parent
    cache_dir = Path(config.config_file_path).parent / ".cache" / "figures" / _cache_key(package_dir)

    drawn = 0
    for name, draw in figures.FIGURES.items():
        for scheme in figures.SCHEMES:
            cached = cache_dir / f"{name}-{scheme}.svg"
            if not cached.is_file():
                cached.parent.mkdir(parents=True, exist_ok=True)
                svg = figures.render_svg(draw(scheme))
                temporary = cached.with_suffix(".tmp")
                temporary.write_text(svg, encoding="utf-8")
                temporary.replace(cached)
                drawn += 1
            files.append(File.generated(config, f"figures/{name}-{scheme}.svg", abs_src_path=str(cached)))
    if drawn:
        log.info("Drew %d figure files into %s", drawn, cache_dir)
    return files
