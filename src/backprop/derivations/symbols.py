"""The SymPy symbols of the derivations, and builders that keep an expression as written.

Scalar derivations use ``z``, ``a``, ``y`` and ``m``; matrix derivations use
matrix symbols named like the code (``W1``, ``dZ2``), whose LaTeX is in
``LATEX_NAMES``. SymPy normally simplifies while it builds an expression;
the builders here switch that off, so each step keeps the form the page shows.
"""

from __future__ import annotations

import sympy as sp


z, a, y = sp.symbols("z a y", real=True)
n_x, n_1, m = sp.symbols("n_x n_1 m", positive=True, integer=True)

#: The logistic sigmoid as an undefined function, so it prints as \sigma(z).
sigma = sp.Function("sigma")

#: The definition substituted for ``sigma`` before a symbolic comparison.
SIGMOID_DEFINITION = sp.Lambda(z, 1 / (1 + sp.exp(-z)))

X = sp.MatrixSymbol("X", n_x, m)
Y = sp.MatrixSymbol("Y", 1, m)
W1 = sp.MatrixSymbol("W1", n_1, n_x)
b1 = sp.MatrixSymbol("b1", n_1, 1)
W2 = sp.MatrixSymbol("W2", 1, n_1)
b2 = sp.MatrixSymbol("b2", 1, 1)
Z1 = sp.MatrixSymbol("Z1", n_1, m)
A1 = sp.MatrixSymbol("A1", n_1, m)
Z2 = sp.MatrixSymbol("Z2", 1, m)
A2 = sp.MatrixSymbol("A2", 1, m)
sigma_Z1 = sp.MatrixSymbol("sigma_Z1", n_1, m)
sigma_Z2 = sp.MatrixSymbol("sigma_Z2", 1, m)
dA2 = sp.MatrixSymbol("dA2", 1, m)
dZ2 = sp.MatrixSymbol("dZ2", 1, m)
dW2 = sp.MatrixSymbol("dW2", 1, n_1)
db2 = sp.MatrixSymbol("db2", 1, 1)
dA1 = sp.MatrixSymbol("dA1", n_1, m)
dZ1 = sp.MatrixSymbol("dZ1", n_1, m)
dW1 = sp.MatrixSymbol("dW1", n_1, n_x)
db1 = sp.MatrixSymbol("db1", n_1, 1)

#: The LaTeX of each matrix symbol, as the pages write it.
LATEX_NAMES = {
    X: "X", Y: "Y",
    W1: "W^{[1]}", b1: "b^{[1]}", W2: "W^{[2]}", b2: "b^{[2]}",
    Z1: "Z^{[1]}", A1: "A^{[1]}", Z2: "Z^{[2]}", A2: "A^{[2]}",
    sigma_Z1: r"\sigma\left(Z^{[1]}\right)", sigma_Z2: r"\sigma\left(Z^{[2]}\right)",
    dA2: "dA^{[2]}", dZ2: "dZ^{[2]}", dW2: "dW^{[2]}", db2: "db^{[2]}",
    dA1: "dA^{[1]}", dZ1: "dZ^{[1]}", dW1: "dW^{[1]}", db1: "db^{[1]}",
}  # fmt: skip


def ones(rows: sp.Expr, cols: sp.Expr) -> sp.OneMatrix:
    r"""Return the matrix of ones $\mathbf{1}$ of the given shape."""
    return sp.OneMatrix(rows, cols)


def product(*factors: sp.Basic) -> sp.Mul:
    """Multiply ``factors`` without simplifying, so the page shows them as written."""
    return sp.Mul(*factors, evaluate=False)


def fraction(numerator: sp.Basic, denominator: sp.Basic) -> sp.Mul:
    """Build ``numerator / denominator`` without simplifying; it prints as one fraction."""
    return sp.Mul(numerator, sp.Pow(denominator, -1, evaluate=False), evaluate=False)


def total(*terms: sp.Basic) -> sp.Add:
    """Add ``terms`` without simplifying or reordering."""
    return sp.Add(*terms, evaluate=False)


def negative(term: sp.Basic) -> sp.Mul:
    """Negate ``term`` without simplifying; it prints as a leading minus sign."""
    return sp.Mul(sp.S.NegativeOne, term, evaluate=False)


def power(base: sp.Basic, exponent: int) -> sp.Pow:
    """Raise ``base`` to ``exponent`` without simplifying."""
    return sp.Pow(base, exponent, evaluate=False)
