"""Check every derivation step shown on the site, and check that the checker rejects wrong steps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backprop.derivations.checks import mutants
from backprop.derivations.printing import to_latex
from backprop.derivations import ALL_DERIVATIONS, DERIVATIONS, NOTES_ERRORS

DOCS = Path(__file__).resolve().parents[1] / "docs"
DIRECTIVE = re.compile(r"^\[\[derivation (?P<name>[A-Za-z0-9-]+)\]\]$", re.MULTILINE)
DISPLAY_MATH = re.compile(r"^\$\$\n(?P<tex>.*?)\n\$\$$", re.MULTILINE | re.DOTALL)


def derivations_on_pages() -> dict[str, list[str]]:
    """Map each page to the derivations it renders, in order."""
    return {
        page.name: DIRECTIVE.findall(page.read_text(encoding="utf-8"))
        for page in sorted(DOCS.glob("*.md"))
    }


def count_site_steps() -> tuple[int, int]:
    """Return the number of derivations and of steps that the pages show."""
    names = [name for names in derivations_on_pages().values() for name in names]
    return len(names), sum(len(ALL_DERIVATIONS[name].steps) for name in names)


def mutant_cases() -> list[tuple[str, int, str]]:
    cases = []
    for name, derivation in DERIVATIONS.items():
        for index, step in enumerate(derivation.steps, start=1):
            for kind, _ in mutants(step.expression):
                cases.append((name, index, kind))
    return cases


@pytest.mark.parametrize("name", DERIVATIONS)
def test_every_step_holds(name: str) -> None:
    results = DERIVATIONS[name].check()

    failures = [result.message for result in results if not result.holds]
    assert failures == []
    assert len(results) == len(DERIVATIONS[name].steps)


@pytest.mark.parametrize("name", NOTES_ERRORS)
def test_notes_error_rejected(name: str) -> None:
    rejected = NOTES_ERRORS[name].rejected_steps()

    assert rejected, f"the checker accepts every step of {name}"
    assert all(result.message.startswith(f"step {result.index} ") for result in rejected)


def test_notes_sigmoid_last_step_rejected() -> None:
    results = NOTES_ERRORS["notes-sigmoid-derivative"].check()

    assert [result.holds for result in results] == [True, True, True, False]
    assert "0.1966 and 0.5344" in results[-1].message


@pytest.mark.parametrize("name, index, kind", mutant_cases())
def test_mutant_rejected(name: str, index: int, kind: str) -> None:
    derivation = DERIVATIONS[name]
    mutant = dict(mutants(derivation.steps[index - 1].expression))[kind]
    changed = derivation.with_step(index, mutant)

    # A changed step breaks its comparison with the step before it or, for
    # symbolic chains, with the step after it.
    neighbours = frozenset({index, index + 1} & set(range(1, len(derivation.steps) + 1)))
    rejected = [result for result in changed.check(only=neighbours) if not result.holds]

    assert rejected, f"{name} step {index}: the {kind} mutant passed"
    assert rejected[0].message.startswith(f"step {rejected[0].index} ")
    assert rejected[0].index in neighbours


def test_pages_name_known_derivations() -> None:
    unknown = [
        (page, name)
        for page, names in derivations_on_pages().items()
        for name in names
        if name not in ALL_DERIVATIONS
    ]

    assert unknown == []


def test_every_asserted_derivation_on_a_page() -> None:
    shown = {name for names in derivations_on_pages().values() for name in names}

    assert set(DERIVATIONS) - shown == set()
    assert set(NOTES_ERRORS) <= set(derivations_on_pages()["corrections.md"])


def test_site_step_count() -> None:
    derivations, steps = count_site_steps()

    assert derivations >= len(DERIVATIONS)
    assert steps >= 40


@pytest.mark.parametrize("page", sorted(path.name for path in DOCS.glob("*.md")))
def test_no_hand_written_chain(page: str) -> None:
    """A display formula with two equals signs is a derivation, which must come from the checked source."""
    text = (DOCS / page).read_text(encoding="utf-8")
    chains = []
    for match in DISPLAY_MATH.finditer(text):
        # Limits such as \sum_{i=1} hold no equation, and \qquad separates two definitions.
        tex = re.sub(r"[_^]\{[^{}]*\}", "", match.group("tex"))
        rows = [row.strip() for row in re.split(r"\\\\|\\qquad", tex)]
        if any(row.count("=") >= 2 or row.startswith(("=", "&=")) for row in rows):
            chains.append(match.group("tex"))

    assert chains == []


@pytest.mark.parametrize("name", ALL_DERIVATIONS)
def test_latex_printed_from_expression(name: str) -> None:
    derivation = ALL_DERIVATIONS[name]

    for step in derivation.steps:
        latex = to_latex(step.expression)
        assert latex.strip()
        assert "\\left(\\right)" not in latex
