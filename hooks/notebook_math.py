"""Mark the formulas in notebook Markdown cells so that ``katex.py`` typesets them.

On the other pages ``pymdownx.arithmatex`` wraps each formula in
``<span class="arithmatex">\\(...\\)</span>`` or
``<div class="arithmatex">\\[...\\]</div>``, and ``katex.py`` replaces those
elements with KaTeX's HTML. mkdocs-jupyter renders a notebook with nbconvert
instead, which leaves ``$...$`` and ``$$...$$`` in Markdown cells as
(HTML-escaped) text. This hook, registered before ``katex.py``, wraps them in
the same elements.

Only the text of Markdown cells changes. Code cells and everything they
output are left alone, and so are code spans and blocks inside Markdown
cells, so a ``$`` in code stays a dollar sign. A page without notebook cells
is returned unchanged.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# The opening tag of a Markdown cell in nbconvert's "lab" template.
MARKDOWN_CELL = re.compile(r'<div\b[^>]*\bclass="[^"]*\bjp-MarkdownCell\b[^"]*"[^>]*>')
DIV_TAG = re.compile(r"<(/?)div\b[^>]*>", re.IGNORECASE)
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*>")
# Elements whose text is code or not text at all.
VERBATIM = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}

# A paragraph that contains nothing but display math.
DISPLAY_PARAGRAPH = re.compile(r"<p>\s*\$\$(?P<tex>.+?)\$\$\s*</p>", re.DOTALL)
# Display math inside running text, and inline math. An inline formula
# starts and ends next to a non-space, so "costs $5 and $6" is not one.
DISPLAY = re.compile(r"\$\$(?P<tex>.+?)\$\$", re.DOTALL)
INLINE = re.compile(r"(?<![\\$])\$(?=[^\s$])(?P<tex>.+?)(?<=[^\s\\])\$(?!\$)", re.DOTALL)


def _display(tex: str) -> str:
    return f'<div class="arithmatex">\\[{tex}\\]</div>'


def _inline(tex: str) -> str:
    return f'<span class="arithmatex">\\({tex}\\)</span>'


def _mark_text(text: str) -> str:
    """Wrap the formulas of one run of text between tags."""
    if "$" not in text:
        return text
    text = DISPLAY.sub(lambda match: _inline(r"\displaystyle " + match.group("tex").strip()), text)
    return INLINE.sub(lambda match: _inline(match.group("tex")), text)


def _mark_cell(cell: str) -> str:
    """Wrap the formulas of one Markdown cell's HTML, skipping code."""
    cell = DISPLAY_PARAGRAPH.sub(lambda match: _display(match.group("tex").strip()), cell)
    pieces = []
    verbatim = 0
    end = 0
    for tag in TAG.finditer(cell):
        text = cell[end : tag.start()]
        pieces.append(text if verbatim else _mark_text(text))
        pieces.append(tag.group(0))
        if tag.group(2).lower() in VERBATIM:
            verbatim = max(verbatim + (-1 if tag.group(1) else 1), 0)
        end = tag.end()
    tail = cell[end:]
    pieces.append(tail if verbatim else _mark_text(tail))
    return "".join(pieces)


def markdown_cells(html: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of each Markdown cell's element in ``html``."""
    spans: list[tuple[int, int]] = []
    for opening in MARKDOWN_CELL.finditer(html):
        if spans and opening.start() < spans[-1][1]:
            continue
        depth = 0
        for tag in DIV_TAG.finditer(html, opening.start()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                spans.append((opening.start(), tag.end()))
                break
    return spans


def mark_formulas(html: str) -> str:
    """Wrap the formulas of every Markdown cell in ``html`` as arithmatex does."""
    pieces = []
    end = 0
    for start, stop in markdown_cells(html):
        pieces.append(html[end:start])
        pieces.append(_mark_cell(html[start:stop]))
        end = stop
    pieces.append(html[end:])
    return "".join(pieces)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "jp-MarkdownCell" not in html:
        return html
    return mark_formulas(html)
