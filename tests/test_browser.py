"""Open every page of the built site in headless Chromium and check what a reader sees.

The site is built twice: as readers get it, and once with ``KATEX_TYPESET=0``,
which leaves each formula as arithmatex's TeX and so tells how many formulas
each page contains, whether they come from Markdown, docstrings, notebooks
or code run during the build. Both builds are served on 127.0.0.1. For every page
of the real build the tests check that

- the browser requests nothing from any host but the local server;
- no raw TeX shows, neither in the HTML as it arrives (where it would flash
  until a script typeset it) nor in the page once it has loaded;
- the page, and its table of contents, contain as many typeset formulas as
  the unrendered build contains TeX formulas;
- the console logs no error.

Further tests follow links from page to page, switch to the dark scheme and
measure the contrast of the figures' text, and search the site. The last
tests break a page on purpose, by rewriting the server's response inside
the browser, and check that each of the checks above fails on it.

Chromium comes from Debian's ``chromium`` package and is driven by
Playwright's Python package, which never downloads a browser here. Without
Chromium the module is skipped with a message that says how to install it,
unless ``REQUIRE_ALL_TESTS=1`` (set by ``.ci/run``) makes that a failure.
The browser's proxy is a closed local port and only 127.0.0.1 bypasses it, so
a request for another host fails on this machine instead of leaving it.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import shutil
import socket
import subprocess
import sys
import threading
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

INSTALL_HINT = (
    "Chromium not found: install Debian's chromium package (apt-get install chromium) "
    "to run the browser tests, or set CHROMIUM to a Chromium executable"
)


def find_chromium() -> str | None:
    """Return the Chromium to drive: $CHROMIUM, else Debian's /usr/bin/chromium, else one on PATH."""
    candidates = [os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def skip_module(reason: str) -> None:
    """Skip this module, or fail it where REQUIRE_ALL_TESTS=1 (as in CI)."""
    if os.environ.get("REQUIRE_ALL_TESTS") == "1":
        pytest.fail(f"{reason} (REQUIRE_ALL_TESTS=1 forbids skipping)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


CHROMIUM = find_chromium()
if CHROMIUM is None:
    skip_module(INSTALL_HINT)
try:
    from playwright import sync_api
except ImportError:
    skip_module("Playwright's Python package is missing: pip install -c constraints.txt -e '.[test]'")

# A fresh profile (Playwright makes one per launch) and nothing in the background.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# TeX that a reader must never see: a control word such as \frac, the
# delimiters \( \) \[ \] or $$, or a formula still between single dollars.
RAW_TEX = re.compile(r"\\[A-Za-z]{2,}|\\[()\[\]]|\$\$|\$[^$\s]([^$\n]*[^$\s])?\$")

# Text inside these elements is code, or the TeX that KaTeX keeps in its
# MathML for assistive technology, never shown.
HIDDEN_OR_CODE = ["annotation", "code", "pre", "script", "style", "template", "textarea"]

# Runs in the page: the text a reader sees inside an element, outside code.
# Text in hidden elements (a notebook's copy-to-clipboard text, say) is skipped.
VISIBLE_TEXT = """(root) => {
  const skip = new Set(%s);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    let element = node.parentElement;
    while (element && !skip.has(element.localName)) element = element.parentElement;
    if (!element && node.parentElement.checkVisibility()) parts.push(node.data);
  }
  return parts.join(" ");
}""" % json.dumps(HIDDEN_OR_CODE)

# Runs in the page: its text and its typeset formulas.
READ_PAGE = """() => ({
  text: document.title + " " + (%s)(document.body),
  formulas: document.querySelectorAll("article .katex").length,
  tocFormulas: document.querySelectorAll(".md-nav--secondary .katex").length,
})""" % VISIBLE_TEXT

# Runs in the unrendered build: the formulas that the page's source contains.
COUNT_TEX = """() => {
  let toc = 0;
  for (const nav of document.querySelectorAll(".md-nav--secondary")) {
    toc += (nav.textContent.match(/\\\\\\(/g) || []).length;
  }
  return {formulas: document.querySelectorAll("article .arithmatex").length, tocFormulas: toc};
}"""


# ---------------------------------------------------------------------------
# Building and serving


def build(site_dir: Path, *, strict: bool, extra_environment: dict[str, str]) -> None:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra_environment}
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)]
    if strict:
        command.append("--strict")
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=environment, timeout=900)
    assert result.returncode == 0, result.stderr


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Server:
    root: Path
    origin: str


def serve(directory: Path) -> Iterator[Server]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(directory, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The site as readers get it, and the same site with every formula left as TeX."""
    root = tmp_path_factory.mktemp("browser")
    # One after the other: both builds share the project's figure cache.
    build(root / "site", strict=True, extra_environment={})
    build(root / "tex", strict=False, extra_environment={"KATEX_TYPESET": "0"})
    return root / "site", root / "tex"


@pytest.fixture(scope="module")
def site(builds: tuple[Path, Path]) -> Iterator[Server]:
    yield from serve(builds[0])


@pytest.fixture(scope="module")
def tex_site(builds: tuple[Path, Path]) -> Iterator[Server]:
    yield from serve(builds[1])


def site_pages(site_dir: Path) -> list[str]:
    """Every page of a built site, found in the build so that new pages are covered too."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if relative != "404.html" and not relative.startswith("assets/"):
            pages.append(relative)
    return pages


@pytest.fixture(scope="module")
def pages(builds: tuple[Path, Path]) -> list[str]:
    site_dir, tex_dir = builds
    found = site_pages(site_dir)
    assert found == site_pages(tex_dir)
    assert "index.html" in found
    return found


# ---------------------------------------------------------------------------
# The browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    closed_port = socket.socket()
    # Bound but never listening, so every connection to it is refused.
    closed_port.bind(("127.0.0.1", 0))
    proxy = {"server": f"http://127.0.0.1:{closed_port.getsockname()[1]}", "bypass": "127.0.0.1"}
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, proxy=proxy)
        try:
            yield chromium
        finally:
            chromium.close()
    closed_port.close()


@dataclass
class Reader:
    """One browser tab with a fresh profile, and everything it requested or logged."""

    origin: str
    context: object
    page: object
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def remote_requests(self) -> list[str]:
        allowed = (self.origin + "/", "data:", "blob:")
        return [url for url in self.requests if not url.startswith(allowed)]

    def record_console_message(self, message: object) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def open(self, path: str) -> dict[str, object]:
        self.page.goto(f"{self.origin}/{path}", wait_until="load")
        self.page.wait_for_load_state("networkidle")
        return self.read()

    def read(self) -> dict[str, object]:
        return self.page.evaluate(READ_PAGE)


def open_reader(browser: object, origin: str, prepare: Callable[[object], None] | None = None) -> Reader:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    reader = Reader(origin, context, None)
    context.on("request", lambda request: reader.requests.append(request.url))
    if prepare is not None:
        prepare(context)
    reader.page = context.new_page()
    reader.page.on("console", reader.record_console_message)
    reader.page.on("pageerror", lambda error: reader.console_errors.append(str(error)))
    return reader


@pytest.fixture()
def reader(browser: object, site: Server) -> Iterator[Reader]:
    opened = open_reader(browser, site.origin)
    yield opened
    opened.context.close()


def raw_tex_in(text: str) -> list[str]:
    return sorted({match.group(0) for match in RAW_TEX.finditer(text)})


@dataclass
class Visit:
    requests: list[str]
    remote: list[str]
    console_errors: list[str]
    raw_tex: list[str]
    formulas: int
    toc_formulas: int


def visit(browser: object, origin: str, path: str, prepare: Callable[[object], None] | None = None) -> Visit:
    reader = open_reader(browser, origin, prepare)
    try:
        state = reader.open(path)
        return Visit(
            requests=reader.requests,
            remote=reader.remote_requests(),
            console_errors=reader.console_errors,
            raw_tex=raw_tex_in(state["text"]),
            formulas=state["formulas"],
            toc_formulas=state["tocFormulas"],
        )
    finally:
        reader.context.close()


@pytest.fixture(scope="module")
def expected(browser: object, tex_site: Server, pages: list[str]) -> dict[str, dict[str, int]]:
    """Count the formulas of each page, and of its table of contents, before typesetting."""
    counts = {}
    # Only the HTML is needed: no scripts, and no other request.
    context = browser.new_context(java_script_enabled=False)
    context.route("**/*", lambda route: route.continue_() if route.request.resource_type == "document" else route.abort())
    try:
        page = context.new_page()
        for path in pages:
            page.goto(f"{tex_site.origin}/{path}", wait_until="domcontentloaded")
            counts[path] = page.evaluate(COUNT_TEX)
    finally:
        context.close()
    assert sum(count["formulas"] for count in counts.values()) > 0
    return counts


@pytest.fixture(scope="module")
def visits(browser: object, site: Server, pages: list[str]) -> dict[str, Visit]:
    return {path: visit(browser, site.origin, path) for path in pages}


# ---------------------------------------------------------------------------
# Every page


def test_every_page_loads_only_from_the_local_server(visits: dict[str, Visit]) -> None:
    remote = {path: found.remote for path, found in visits.items() if found.remote}
    assert remote == {}
    assert all(found.requests for found in visits.values())


def test_no_page_shows_raw_tex(visits: dict[str, Visit]) -> None:
    raw = {path: found.raw_tex for path, found in visits.items() if found.raw_tex}
    assert raw == {}


def test_no_page_shows_raw_tex_before_scripts_run(browser: object, site: Server, pages: list[str]) -> None:
    """Check the HTML as served, with scripts off: math arrives typeset, so no TeX flashes before a script runs."""
    context = browser.new_context(java_script_enabled=False)
    raw = {}
    try:
        page = context.new_page()
        for path in pages:
            page.goto(f"{site.origin}/{path}", wait_until="load")
            found = raw_tex_in(page.evaluate(READ_PAGE)["text"])
            if found:
                raw[path] = found
    finally:
        context.close()
    assert raw == {}


def test_every_formula_is_typeset(visits: dict[str, Visit], expected: dict[str, dict[str, int]]) -> None:
    typeset = {path: {"formulas": found.formulas, "tocFormulas": found.toc_formulas} for path, found in visits.items()}
    assert typeset == expected


def test_no_page_logs_a_console_error(visits: dict[str, Visit]) -> None:
    errors = {path: found.console_errors for path, found in visits.items() if found.console_errors}
    assert errors == {}


# ---------------------------------------------------------------------------
# Moving between pages


def page_title(site_dir: Path, path: str) -> str:
    match = re.search(r"<title>(.*?)</title>", (site_dir / path).read_text(encoding="utf-8"), re.DOTALL)
    assert match, path
    return html.unescape(match.group(1).strip())


def content_links(site_dir: Path, path: str) -> list[str]:
    """List the pages that the content of a built page links to, in order of appearance."""
    text = (site_dir / path).read_text(encoding="utf-8")
    article = re.search(r"<article\b.*?</article>", text, re.DOTALL)
    targets: list[str] = []
    for href in re.findall(r'<a\b[^>]*?\bhref="([^"#]*)', article.group(0) if article else ""):
        if href.endswith(".html") and "://" not in href:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), href))
            if target not in targets:
                targets.append(target)
    return targets


def link_route(site_dir: Path, expected: dict[str, dict[str, int]]) -> tuple[str, str]:
    """Find a page with formulas linked from the home page, and one linked from that page."""
    with_math = {path for path, count in expected.items() if count["formulas"]}
    for first in content_links(site_dir, "index.html"):
        if first in with_math:
            for second in content_links(site_dir, first):
                if second in with_math and second not in {first, "index.html"}:
                    return first, second
    raise AssertionError("no page with formulas links from the home page to another")


def follow_links(reader: Reader, site_dir: Path, expected: dict[str, dict[str, int]]) -> list[str]:
    """Follow a link from the home page, a link on that page, then go back, and return the problems.

    After each step the page must show no raw TeX and as many typeset formulas
    as its source contains.
    """
    problems = []

    def check(path: str, how: str) -> None:
        reader.page.wait_for_function("title => document.title === title", arg=page_title(site_dir, path))
        reader.page.wait_for_load_state("networkidle")
        state = reader.read()
        if raw_tex_in(state["text"]):
            problems.append(f"{how} {path}: raw TeX {raw_tex_in(state['text'])}")
        if state["formulas"] != expected[path]["formulas"]:
            problems.append(f"{how} {path}: {state['formulas']} typeset formulas, expected {expected[path]['formulas']}")

    def click_link_to(target: str) -> None:
        links = reader.page.locator("article a[href]")
        paths = links.evaluate_all("links => links.map(link => new URL(link.href).pathname.slice(1))")
        visible = [index for index, path in enumerate(paths) if path == target and links.nth(index).is_visible()]
        assert visible, f"no visible link to {target} on {reader.page.url}"
        links.nth(visible[0]).click()

    # Material's instant navigation, which swaps the content in place, takes
    # the site's pages from the sitemap, which is empty without a site_url.
    # This site has none so that it also opens from a folder, so its links
    # load each page in full. Either way a page must arrive typeset.
    first, second = link_route(site_dir, expected)
    reader.open("index.html")
    click_link_to(first)
    check(first, "link to")
    click_link_to(second)
    check(second, "link to")
    reader.page.go_back()
    check(first, "back to")
    return problems


def test_math_stays_typeset_when_following_links(
    reader: Reader, builds: tuple[Path, Path], expected: dict[str, dict[str, int]]
) -> None:
    assert follow_links(reader, builds[0], expected) == []
    assert reader.remote_requests() == []
    assert reader.console_errors == []


# ---------------------------------------------------------------------------
# The dark scheme


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """Return the WCAG contrast ratio, from 1 (same colour) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def parse_colour(text: str) -> tuple[int, int, int]:
    text = text.strip()
    if text.startswith("#") and len(text) == 7:
        return tuple(int(text[index : index + 2], 16) for index in (1, 3, 5))
    match = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+).*\)", text)
    assert match, f"unknown colour {text!r}"
    return tuple(int(part) for part in match.groups())


def text_colours(svg: str) -> set[tuple[int, int, int]]:
    """Return the fill of every text in a matplotlib SVG, where each text is a group with the id text_N."""
    tree = ElementTree.fromstring(svg)
    colours = set()
    for group in tree.iter("{http://www.w3.org/2000/svg}g"):
        if not re.fullmatch(r"text_\d+", group.get("id", "")):
            continue
        fill = "#000000"  # the SVG default
        for element in group.iter():
            found = re.search(r"fill:\s*(#[0-9a-fA-F]{6})", element.get("style", ""))
            if found is None:
                found = re.fullmatch(r"(#[0-9a-fA-F]{6})", element.get("fill", ""))
            if found is not None:
                fill = found.group(1)
                break
        colours.add(parse_colour(fill))
    return colours


def figure_problems(reader: Reader, site_dir: Path, path: str) -> list[str]:
    """Check that each figure shows once, loaded, with text of WCAG AA contrast (4.5:1)."""
    problems = []
    background = parse_colour(reader.page.evaluate("getComputedStyle(document.body).backgroundColor"))
    shown: dict[str, str] = {}
    images = reader.page.locator('article img[src*="figures/"]')
    for index in range(images.count()):
        image = images.nth(index)
        # Once the page has loaded, Material's scripts have made every src absolute.
        source = image.evaluate("image => new URL(image.src).pathname").lstrip("/")
        name = re.sub(r"-(light|dark)\.svg$", "", source)
        if not image.is_visible():
            continue
        if name in shown:
            problems.append(f"{path}: {name} shows twice, as {shown[name]} and {source}")
        shown[name] = source
        if not image.evaluate("image => image.complete && image.naturalWidth > 0"):
            problems.append(f"{path}: {source} did not load")
            continue
        colours = text_colours((site_dir / source).read_text(encoding="utf-8"))
        if not colours:
            problems.append(f"{path}: {source} has no text to check")
        for colour in colours:
            ratio = contrast(colour, background)
            if ratio < 4.5:
                problems.append(f"{path}: {source} has text {colour} on background {background}, contrast {ratio:.1f}")
    sources = images.evaluate_all("images => images.map(image => new URL(image.src).pathname.slice(1))")
    all_names = {re.sub(r"-(light|dark)\.svg$", "", source) for source in sources}
    if set(shown) != all_names:
        problems.append(f"{path}: figures not shown: {sorted(all_names - set(shown))}")
    return problems


def switch_to_dark(reader: Reader) -> None:
    for _ in range(3):
        if reader.page.evaluate("document.body.dataset.mdColorScheme") == "slate":
            return
        reader.page.locator('form[data-md-component="palette"] label:visible').first.click()
    assert reader.page.evaluate("document.body.dataset.mdColorScheme") == "slate"


def test_figures_stay_readable_in_the_dark_scheme(reader: Reader, builds: tuple[Path, Path], pages: list[str]) -> None:
    site_dir = builds[0]
    with_figures = [path for path in pages if "figures/" in (site_dir / path).read_text(encoding="utf-8")]
    assert with_figures
    problems = []
    for path in with_figures:
        reader.open(path)
        problems += figure_problems(reader, site_dir, path)
        switch_to_dark(reader)
        problems += figure_problems(reader, site_dir, path)
        # Material stores the chosen scheme. Forget it, so that the next page opens light.
        reader.page.evaluate("localStorage.clear()")
    assert problems == []
    assert reader.remote_requests() == []
    assert reader.console_errors == []


# ---------------------------------------------------------------------------
# Search


# Material's search says it is initializing until its worker has read the index.
SEARCH_READY = """() => {
  const meta = document.querySelector(".md-search-result__meta");
  const waiting = JSON.parse(document.getElementById("__config").textContent).translations["search.result.initializer"];
  return meta && meta.textContent.trim() !== "" && meta.textContent.trim() !== waiting;
}"""


def search(reader: Reader, query: str) -> str:
    """Type a query into the search box as a reader would; return the results' text outside code."""
    reader.open("index.html")
    box = reader.page.locator("input.md-search__input")
    box.click()
    reader.page.wait_for_function(SEARCH_READY)
    box.press_sequentially(query)
    reader.page.locator(".md-search-result__item").first.wait_for()
    return reader.page.locator(".md-search-result").evaluate(VISIBLE_TEXT)


@pytest.mark.parametrize("query", ["cross-entropy", "sigmoid"])
def test_search_shows_readable_results(reader: Reader, query: str, tmp_path: Path) -> None:
    results = search(reader, query)
    reader.page.screenshot(path=tmp_path / "search.png")

    # Search splits words at hyphens and marks each part, so look for the first.
    assert query.split("-")[0] in results.lower()
    assert raw_tex_in(results) == []
    # KaTeX's HTML rendering, which search must skip, spaces its layers with zero-width spaces.
    assert "\u200b" not in results
    assert reader.remote_requests() == []
    assert reader.console_errors == []


# Runs in the page: for each heading that contains a formula, its location in
# the search index and the title that search should show for it. That is the
# heading's text with each formula replaced by the line of plain text that
# katex.py hides beside it for search, such as "σ(z)=1/(1+e^(−z))".
HEADINGS_WITH_MATH = """() => [...document.querySelectorAll("article :is(h1, h2, h3, h4, h5, h6)[id]")]
  .filter(heading => heading.querySelector(".katex"))
  .map(heading => {
    const copy = heading.cloneNode(true);
    copy.querySelectorAll(".katex, .katex-display, a.headerlink").forEach(element => element.remove());
    const anchor = heading.localName === "h1" ? "" : "#" + heading.id;
    return [anchor, copy.textContent.replace(/\\s+/g, " ").trim()];
  })"""


def test_search_shows_headings_with_math_as_text(reader: Reader, builds: tuple[Path, Path], pages: list[str]) -> None:
    """Check that a heading with a formula is indexed with the formula as plain text, once, not as TeX."""
    index = json.loads((builds[0] / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {entry["location"]: html.unescape(re.sub(r"<[^>]+>", "", entry["title"])) for entry in index["docs"]}
    compared = 0
    mismatched = {}
    for path in pages:
        if 'class="katex' not in (builds[0] / path).read_text(encoding="utf-8"):
            continue
        reader.open(path)
        for anchor, expected_title in reader.page.evaluate(HEADINGS_WITH_MATH):
            title = " ".join(titles.get(path + anchor, "(not indexed)").split())
            compared += 1
            if title != expected_title or raw_tex_in(title):
                mismatched[path + anchor] = (title, expected_title)

    assert compared > 0
    assert mismatched == {}


# ---------------------------------------------------------------------------
# The checks fail on what they are for. Each page below is broken on purpose,
# only inside the browser, by rewriting the local server's response.


def rewrite(origin: str, path: str, change: Callable[[str], str]) -> Callable[[object], None]:
    def prepare(context: object) -> None:
        def handle(route: object) -> None:
            response = route.fetch()
            route.fulfill(response=response, body=change(response.text()))

        context.route(f"{origin}/{path}", handle)

    return prepare


@pytest.fixture(scope="module")
def page_with_math(expected: dict[str, dict[str, int]]) -> str:
    return max(expected, key=lambda path: expected[path]["formulas"])


def test_check_catches_a_request_to_another_host(browser: object, site: Server, page_with_math: str) -> None:
    # .invalid is a name reserved never to resolve, and the proxy refuses it anyway.
    stylesheet = "https://fonts.remote.invalid/a.css"

    def add_stylesheet(text: str) -> str:
        return text.replace("</head>", f'<link rel="stylesheet" href="{stylesheet}"></head>')

    broken = visit(browser, site.origin, page_with_math, rewrite(site.origin, page_with_math, add_stylesheet))

    assert broken.remote == [stylesheet]


def test_check_catches_raw_tex(
    browser: object, site: Server, builds: tuple[Path, Path], page_with_math: str, expected: dict[str, dict[str, int]]
) -> None:
    unrendered = (builds[1] / page_with_math).read_text(encoding="utf-8")

    broken = visit(browser, site.origin, page_with_math, rewrite(site.origin, page_with_math, lambda text: unrendered))

    assert broken.raw_tex
    assert broken.formulas != expected[page_with_math]["formulas"]


def test_check_catches_math_lost_after_a_link(
    browser: object, site: Server, builds: tuple[Path, Path], expected: dict[str, dict[str, int]]
) -> None:
    site_dir, tex_dir = builds

    def prepare(context: object) -> None:
        # Every page but the home page arrives unrendered, as when typesetting
        # ran only on the first page load.
        def handle(route: object) -> None:
            path = route.request.url.removeprefix(site.origin + "/").split("#")[0]
            route.fulfill(path=tex_dir / path, content_type="text/html")

        context.route(re.compile(re.escape(site.origin) + r"/(?!index\.html)[^?#]*\.html(#.*)?$"), handle)

    reader = open_reader(browser, site.origin, prepare)
    try:
        assert follow_links(reader, site_dir, expected) != []
    finally:
        reader.context.close()


def test_check_catches_a_console_error(browser: object, site: Server, page_with_math: str) -> None:
    def add_error(text: str) -> str:
        return text.replace("</body>", "<script>console.error('broken on purpose')</script></body>")

    broken = visit(browser, site.origin, page_with_math, rewrite(site.origin, page_with_math, add_error))

    assert broken.console_errors == ["broken on purpose"]


def test_check_catches_an_unreadable_figure(reader: Reader, builds: tuple[Path, Path], pages: list[str]) -> None:
    site_dir = builds[0]
    path = next(path for path in pages if "figures/" in (site_dir / path).read_text(encoding="utf-8"))
    reader.open(path)
    switch_to_dark(reader)
    # Show the light scheme's figures on the dark background.
    reader.page.add_style_tag(
        content='img[src*="-light.svg"] { display: block !important } img[src*="-dark.svg"] { display: none !important }'
    )

    assert figure_problems(reader, site_dir, path) != []
