"""Shared pytest hooks: the closing summary of the derivation checks."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print how many derivation steps the pages show and whether every one was checked."""
    reports = [
        report
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if "test_derivations.py" in report.nodeid and report.when == "call"
    ]
    if not reports:
        return
    from test_derivations import count_site_steps, mutant_cases

    derivations, steps = count_site_steps()
    failed = [report for report in reports if report.failed]
    mutants_passed = sum(1 for report in reports if "test_mutant_rejected" in report.nodeid and report.passed)
    verdict = "every step checked and holding" if not failed else f"{len(failed)} derivation tests FAILED"
    terminalreporter.write_sep("-", "derivation checks")
    terminalreporter.write_line(
        f"{steps} derivation steps in {derivations} derivations on the site: {verdict}; "
        f"{mutants_passed} of {len(mutant_cases())} mutated steps rejected by the checker"
    )
