"""Every derivation of the site as steps that the computer checks.

- ``.symbols``: the SymPy symbols and the builders that keep a step as written;
- ``.printing``: the LaTeX printer the pages use;
- ``.checks``: the symbolic and numeric checks of a step, and the mutants
  that the checks must reject;
- ``.catalogue``: the derivations themselves.

The site imports ``ALL_DERIVATIONS`` to render the pages; the tests import
it to check every step. This subpackage needs SymPy.
"""

from .catalogue import ALL_DERIVATIONS, DERIVATIONS, NOTES_ERRORS

__all__ = ["ALL_DERIVATIONS", "DERIVATIONS", "NOTES_ERRORS"]
