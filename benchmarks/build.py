"""Time the site's build and weigh its heaviest derivation page, in one run.

Run it from the repository root with ``make benchmark``, which first installs
the development dependencies of ``package.json`` (MathJax, for the weighing).
``--help`` lists the options. It works in copies of the project in a
temporary folder, so the caches of the working tree stay as they are and
the prose edit below never touches ``docs/``. It measures:

1. Cold build: ``mkdocs build --strict`` with every cache empty, so every
   figure is drawn, every notebook executed, every derivation checked and
   every ``markdown-exec`` block run.
2. No-execution build: the same pages with nothing executed. The config is
   ``mkdocs.yml`` without the ``markdown-exec`` plugin and without the hooks
   that run the package (figures, notebooks, derivations), and with
   mkdocs-jupyter's ``execute`` option off. Pages then link to figures that
   were not drawn, so this build is not strict.
3. Prose-edit rebuild: ``mkdocs serve`` on 127.0.0.1, a paragraph added to a
   page (then removed), and the time from saving the file to the
   "Documentation built" line. The same with the no-execution config gives
   the plain rebuild it is compared with.
4. Page weight: the bytes Chromium receives to show the heaviest derivation
   page, built as the site is (KaTeX at build time) and built with Material's
   documented MathJax 3 setup (``tex-mml-chtml.js``), served from the same
   local server instead of a CDN. Both are weighed gzipped, as a static host
   serves them, and uncompressed, as from a folder on disk.

Each measurement is the median of ``--repeat`` rounds, and the two sides of
each comparison take turns, so that a change in the load of a shared machine
falls on both alike. The script prints the figures as a Markdown table with
the goals, the command and the machine, ready for ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

# Hooks whose work is running the package's code.
EXECUTING_HOOKS = {"figures.py", "notebooks.py", "derivations.py"}
EXECUTING_PLUGINS = {"markdown-exec"}

GOALS = {"cold_over_no_execution": 3.0, "rebuild_over_plain": 1.2, "page_weight": 0.4}

NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv*", "node_modules", "site", ".cache", "__pycache__", "*.egg-info", ".pytest_cache", "build"
)

BUILT = re.compile(r"Documentation built in (?P<seconds>[\d.]+) seconds")
FAILED = re.compile(r"Aborted with \d+ warnings|^ERROR", re.MULTILINE)
SERVING = re.compile(r"Serving on http://")
# Seconds after which a rebuild that has not started counts as a missed change.
MISSED_CHANGE = 120

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# Material's documented MathJax 3 configuration, changed for a locally served
# MathJax as the project's design notes record. MathJax's own start-up
# typesets the first page, and a later page change waits until MathJax is
# ready, because the documented script blanks the formulas on a cold load.
MATHJAX_SETUP = """\
window.MathJax = {
  tex: {
    inlineMath: [["\\\\(", "\\\\)"]],
    displayMath: [["\\\\[", "\\\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
  },
};

let firstPage = true;
document$.subscribe(() => {
  if (firstPage) {
    firstPage = false;
    return;
  }
  MathJax.startup.promise.then(() => {
    MathJax.startup.output.clearCache();
    MathJax.typesetClear();
    MathJax.texReset();
    return MathJax.typesetPromise();
  });
});
"""


# ---------------------------------------------------------------------------
# mkdocs.yml, read and written back with any tags it contains (!ENV, !!python/name:...)


class Tagged:
    def __init__(self, tag: str, node: yaml.Node) -> None:
        self.tag = tag
        self.node = node


class ConfigLoader(yaml.SafeLoader):
    pass


class ConfigDumper(yaml.SafeDumper):
    pass


ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: Tagged("!" + suffix, node))
ConfigLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: Tagged("tag:yaml.org,2002:python/" + suffix, node)
)
ConfigDumper.add_representer(Tagged, lambda dumper, data: data.node)


def read_config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=ConfigLoader)


def write_config(config: dict, path: Path) -> None:
    path.write_text(yaml.dump(config, Dumper=ConfigDumper, sort_keys=False, allow_unicode=True), encoding="utf-8")


def plugin_name(entry: object) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def no_execution_config(config: dict) -> dict:
    """Return the config of the same site with nothing of the package executed while it builds."""
    variant = dict(config)
    variant["strict"] = False
    variant["hooks"] = [hook for hook in config.get("hooks", []) if Path(hook).name not in EXECUTING_HOOKS]
    plugins = []
    for entry in config.get("plugins", []):
        name = plugin_name(entry)
        if name in EXECUTING_PLUGINS:
            continue
        if name == "mkdocs-jupyter":
            options = dict(entry[name] or {})
            options["execute"] = False
            entry = {name: options}
        plugins.append(entry)
    variant["plugins"] = plugins
    return variant


def mathjax_config(config: dict) -> dict:
    """Return the config of the same site with Material's documented MathJax setup in place of build-time KaTeX."""
    variant = dict(config)
    variant["strict"] = False
    variant["extra_javascript"] = [
        *config.get("extra_javascript", []),
        "javascripts/mathjax-setup.js",
        "javascripts/mathjax/tex-mml-chtml.js",
    ]
    return variant


# ---------------------------------------------------------------------------
# Building


def copy_project(destination: Path) -> Path:
    shutil.copytree(ROOT, destination, ignore=NOT_COPIED, symlinks=True)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000", **extra}


def timed_build(project: Path, config: str, site_dir: Path, *, strict: bool, **extra: str) -> float:
    command = [PYTHON, "-m", "mkdocs", "build", "--config-file", config, "--site-dir", str(site_dir)]
    command.append("--strict" if strict else "--no-strict")
    start = time.perf_counter()
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=environment(**extra))
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build with {config} failed:\n{result.stderr}")
    return elapsed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Serve:
    """A ``mkdocs serve`` process on 127.0.0.1, whose log is read line by line as it arrives."""

    def __init__(self, project: Path, config: str) -> None:
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.process = subprocess.Popen(
            [PYTHON, "-m", "mkdocs", "serve", "--config-file", config, "--dev-addr", f"127.0.0.1:{free_port()}"],
            cwd=project,
            env=environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put((time.perf_counter(), line))

    def wait_for(
        self, pattern: re.Pattern[str], timeout: float = 900, required: bool = True
    ) -> tuple[float, re.Match[str]] | None:
        """Return the time and match of the next log line that matches; on a time-out, exit or return None."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 and not required:
                return None
            if remaining <= 0 or (self.process.poll() is not None and self.lines.empty()):
                sys.exit("mkdocs serve exited or timed out. Its log:\n" + "".join(self.log))
            try:
                stamp, line = self.lines.get(timeout=min(remaining, 1))
            except queue.Empty:
                continue
            self.log.append(line)
            if FAILED.search(line):
                sys.exit("A build under mkdocs serve failed. Its log:\n" + "".join(self.log))
            match = pattern.search(line)
            if match:
                return stamp, match

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class EditedPage:
    """A page of a project under ``mkdocs serve`` that gets a paragraph added, then removed."""

    def __init__(self, server: Serve, page: Path) -> None:
        self.server = server
        self.page = page
        self.original = page.read_text(encoding="utf-8")

    def rebuild(self, round_: int) -> tuple[float, float]:
        """Return the seconds from saving the edit to the log line, and the build time that line reports."""
        for attempt in range(3):
            saved = time.perf_counter()
            edit = f"\nA paragraph the build benchmark added, round {round_}, attempt {attempt}.\n"
            self.page.write_text(self.original + edit, encoding="utf-8")
            found = self.server.wait_for(BUILT, timeout=MISSED_CHANGE, required=False)
            self.restore()
            self.server.wait_for(BUILT, timeout=MISSED_CHANGE, required=False)
            if found is not None:
                stamp, match = found
                return stamp - saved, float(match.group("seconds"))
            # NOTE: mkdocs serve now and then misses a change to a file and does
            # not rebuild; such a round is not timed but made again.
            print(f"mkdocs serve missed the edit of round {round_}; editing again", file=sys.stderr)
        sys.exit(f"mkdocs serve did not rebuild after three edits of {self.page}")

    def restore(self) -> None:
        self.page.write_text(self.original, encoding="utf-8")


# ---------------------------------------------------------------------------
# Weighing a page in Chromium

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


class StaticHandler(SimpleHTTPRequestHandler):
    """A file server that sends text files gzipped when the browser accepts it, as static hosts do."""

    compress = False

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # noqa: ANN201 - the base class's interface
        path = Path(self.translate_path(self.path))
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and accepts_gzip and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def static_server(directory: Path, compress: bool) -> Iterator[str]:
    handler = type("Handler", (StaticHandler,), {"compress": compress})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def kind_of(url: str, resource_type: str) -> str:
    path = url.split("?")[0]
    if "mathjax" in path:
        return "MathJax"
    if "/katex/" in path:
        return "KaTeX CSS and fonts"
    if path.endswith("search_index.json"):
        return "search index"
    if resource_type == "document":
        return "HTML"
    return "Material and the rest"


def weigh(browser: object, site_dir: Path, page: str, compress: bool, mathjax: bool) -> dict[str, int]:
    """Bytes received (headers and body as sent) for every request the page makes, by kind."""
    with static_server(site_dir, compress) as origin:
        context = browser.new_context()
        finished: list[object] = []
        context.on("requestfinished", lambda request: finished.append(request))
        tab = context.new_page()
        tab.goto(f"{origin}/{page}", wait_until="networkidle")
        if mathjax:
            tab.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
            tab.evaluate("() => MathJax.startup.promise")
            tab.wait_for_function("() => document.querySelectorAll('mjx-container').length > 0")
        tab.wait_for_load_state("networkidle")
        tab.wait_for_timeout(500)
        outside = [request.url for request in finished if not request.url.startswith((origin, "data:", "blob:"))]
        if outside:
            sys.exit(f"{page} requested other hosts: {outside}")
        weights: dict[str, int] = {}
        for request in finished:
            sizes = request.sizes()
            kind = kind_of(request.url, request.resource_type)
            weights[kind] = weights.get(kind, 0) + sizes["responseBodySize"] + sizes["responseHeadersSize"]
        context.close()
    weights["total"] = sum(weights.values())
    return weights


def heaviest_derivation_page(site_dir: Path) -> str:
    """The largest built page made from a Markdown page of docs/ other than the home page and the API reference."""
    candidates = [
        path.with_suffix(".html").name
        for path in (ROOT / "docs").glob("*.md")
        if path.name not in {"index.md", "api.md"} and (site_dir / path.with_suffix(".html").name).is_file()
    ]
    return max(candidates, key=lambda name: (site_dir / name).stat().st_size)


# ---------------------------------------------------------------------------
# The machine


def machine() -> str:
    cpu = "unknown processor"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = names[0].strip() if names else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        kilobytes = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f", {kilobytes / 1024**2:.0f} GiB of memory"
    system = platform.platform()
    os_release = Path("/etc/os-release")
    if os_release.is_file():
        found = re.search(r'^PRETTY_NAME="?([^"\n]+)', os_release.read_text(), re.MULTILINE)
        system = found.group(1) if found else system
    import mkdocs

    return (
        f"{os.cpu_count()} cores of {cpu}{memory}; {system}; Python {platform.python_version()}, "
        f"MkDocs {mkdocs.__version__}"
    )


# ---------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds of each measurement, whose median is reported (default 5)")
    parser.add_argument("--page", default="notation.md", help="the prose page to edit under mkdocs serve (default notation.md)")
    parser.add_argument("--weigh", help="the page to weigh, such as corrections.html (default: the largest derivation page)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy of the project and print where it is")
    arguments = parser.parse_args()

    if not (ROOT / "node_modules" / "mathjax" / "es5" / "tex-mml-chtml.js").is_file():
        sys.exit("MathJax is missing: run 'make benchmark', which installs it from package-lock.json")

    scratch = Path(tempfile.mkdtemp(prefix="build-benchmark-"))
    try:
        project = copy_project(scratch / "project")
        config = read_config(project / "mkdocs.yml")
        write_config(no_execution_config(config), project / "mkdocs-no-execution.yml")
        write_config(mathjax_config(config), project / "mkdocs-mathjax.yml")
        results: dict[str, object] = {"machine": machine(), "repeat": arguments.repeat}

        # The two kinds of build take turns, so that a change in the load of a
        # shared machine falls on both alike.
        print("cold and no-execution builds ...", file=sys.stderr)
        cold, plain = [], []
        for _ in range(arguments.repeat):
            shutil.rmtree(project / ".cache", ignore_errors=True)
            cold.append(timed_build(project, "mkdocs.yml", scratch / "site", strict=True))
            plain.append(timed_build(project, "mkdocs-no-execution.yml", scratch / "site-no-execution", strict=False))
        results["cold_build_s"] = median(cold)
        results["no_execution_build_s"] = median(plain)
        results["cold_over_no_execution"] = median(cold) / median(plain)

        # Two servers, one per config, each on its own copy, edited in turn.
        print("rebuilds under mkdocs serve ...", file=sys.stderr)
        plain_project = copy_project(scratch / "project-no-execution")
        write_config(no_execution_config(config), plain_project / "mkdocs-no-execution.yml")
        servers = {"full": Serve(project, "mkdocs.yml"), "plain": Serve(plain_project, "mkdocs-no-execution.yml")}
        edits = {
            "full": EditedPage(servers["full"], project / "docs" / arguments.page),
            "plain": EditedPage(servers["plain"], plain_project / "docs" / arguments.page),
        }
        rebuilds: dict[str, list[tuple[float, float]]] = {"full": [], "plain": []}
        try:
            for server in servers.values():
                server.wait_for(SERVING)
            for round_ in range(arguments.repeat):
                for name, edit in edits.items():
                    rebuilds[name].append(edit.rebuild(round_))
        finally:
            for edit in edits.values():
                edit.restore()
            for server in servers.values():
                server.stop()
        results["rebuild_s"] = median([wall for wall, _ in rebuilds["full"]])
        results["rebuild_reported_s"] = median([reported for _, reported in rebuilds["full"]])
        results["plain_rebuild_s"] = median([wall for wall, _ in rebuilds["plain"]])
        results["plain_rebuild_reported_s"] = median([reported for _, reported in rebuilds["plain"]])
        results["rebuild_over_plain"] = results["rebuild_s"] / results["plain_rebuild_s"]
        results["rounds"] = {"cold": cold, "no_execution": plain, "rebuild": rebuilds}

        print("page weight ...", file=sys.stderr)
        javascripts = project / "docs" / "javascripts"
        javascripts.mkdir(exist_ok=True)
        (javascripts / "mathjax-setup.js").write_text(MATHJAX_SETUP, encoding="utf-8")
        shutil.copytree(ROOT / "node_modules" / "mathjax" / "es5", javascripts / "mathjax")
        timed_build(project, "mkdocs-mathjax.yml", scratch / "site-mathjax", strict=False, KATEX_TYPESET="0")
        weighed = arguments.weigh or heaviest_derivation_page(scratch / "site")
        results["weighed_page"] = weighed
        chromium = find_chromium()
        if chromium is None:
            sys.exit("Chromium not found: install Debian's chromium package (apt-get install chromium)")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for compress, label in ((True, "gzip"), (False, "uncompressed")):
                katex = weigh(browser, scratch / "site", weighed, compress, mathjax=False)
                mathjax = weigh(browser, scratch / "site-mathjax", weighed, compress, mathjax=True)
                results[f"weight_{label}"] = {"katex": katex, "mathjax": mathjax, "ratio": katex["total"] / mathjax["total"]}
            browser.close()
        results["page_weight"] = results["weight_gzip"]["ratio"]
    finally:
        if arguments.keep:
            print(f"kept {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)

    report(results, arguments)
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def report(results: dict[str, object], arguments: argparse.Namespace) -> None:
    def verdict(name: str) -> str:
        return "met" if results[name] <= GOALS[name] else "missed"

    gzip_weights = results["weight_gzip"]
    raw_weights = results["weight_uncompressed"]
    print(f"Command: make benchmark  (python benchmarks/build.py --repeat {arguments.repeat} --page {arguments.page})")
    print(f"Machine: {results['machine']}")
    print(f"Median of {arguments.repeat} rounds.")
    print()
    print("| measurement | result | goal |")
    print("| --- | --- | --- |")
    print(f"| cold build, everything executed | {results['cold_build_s']:.1f} s | |")
    print(f"| the same pages, nothing executed | {results['no_execution_build_s']:.1f} s | |")
    print(
        f"| cold build / no-execution build | {results['cold_over_no_execution']:.2f}× | "
        f"at most {GOALS['cold_over_no_execution']:g}×, {verdict('cold_over_no_execution')} |"
    )
    print(
        f"| rebuild after a prose edit under `mkdocs serve` | {results['rebuild_s']:.2f} s "
        f"(build {results['rebuild_reported_s']:.2f} s) | |"
    )
    print(
        f"| the same rebuild, nothing executed | {results['plain_rebuild_s']:.2f} s "
        f"(build {results['plain_rebuild_reported_s']:.2f} s) | |"
    )
    print(
        f"| rebuild / plain rebuild | {results['rebuild_over_plain']:.2f}× | "
        f"at most {GOALS['rebuild_over_plain']:g}×, {verdict('rebuild_over_plain')} |"
    )
    print(
        f"| `{results['weighed_page']}` with KaTeX at build time / with MathJax 3, gzip | "
        f"{gzip_weights['katex']['total'] / 1000:.0f} kB / {gzip_weights['mathjax']['total'] / 1000:.0f} kB "
        f"= {gzip_weights['ratio']:.2f}× | at most {GOALS['page_weight']:g}×, {verdict('page_weight')} |"
    )
    print(
        f"| the same, uncompressed (from a folder) | "
        f"{raw_weights['katex']['total'] / 1000:.0f} kB / {raw_weights['mathjax']['total'] / 1000:.0f} kB "
        f"= {raw_weights['ratio']:.2f}× | |"
    )
    print()
    print("Bytes received by kind, gzip (KaTeX / MathJax):")
    for kind in sorted((set(gzip_weights["katex"]) | set(gzip_weights["mathjax"])) - {"total"}):
        print(
            f"  {kind}: {gzip_weights['katex'].get(kind, 0) / 1000:.1f} kB / "
            f"{gzip_weights['mathjax'].get(kind, 0) / 1000:.1f} kB"
        )


if __name__ == "__main__":
    main()
