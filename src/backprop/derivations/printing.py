"""Print derivation steps as LaTeX, factors and terms in the order they were written."""

from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter

from .symbols import LATEX_NAMES, sigma



def _is_reciprocal(factor: sp.Basic) -> bool:
    return isinstance(factor, sp.Pow) and factor.exp.is_number and factor.exp.is_negative


def _denominator(factor: sp.Pow) -> sp.Basic:
    return factor.base if factor.exp == -1 else sp.Pow(factor.base, -factor.exp, evaluate=False)


def _looks_numeric(factor: sp.Basic) -> bool:
    """Return whether ``factor`` prints as a number or a fraction."""
    if factor.is_number or _is_reciprocal(factor):
        return True
    return isinstance(factor, sp.Mul) and len(factor.args) == 2 and _is_reciprocal(factor.args[1])


class _Printer(LatexPrinter):
    """Print steps in the order they were written, one factor after another.

    SymPy's own printer sorts terms and merges factors into one fraction,
    which would turn a step such as $\\frac{1}{1 + e^{-z}} \\cdot
    \\frac{e^{-z}}{1 + e^{-z}}$ into a different-looking expression.
    """

    def __init__(self) -> None:
        super().__init__({"order": "none", "symbol_names": LATEX_NAMES})

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        text = ""
        for index, term in enumerate(expr.args):
            if isinstance(term, sp.Mul) and term.args and term.args[0] == -1:
                rest = term.args[1:]
                body = self._print_factors(rest)
                text += ("- " if index == 0 else " - ") + body
            elif term.is_number and term.is_negative and index > 0:
                text += " - " + self._print(-term)
            elif isinstance(term, sp.Add):
                text += ("" if index == 0 else " + ") + rf"\left({self._print(term)}\right)"
            else:
                text += ("" if index == 0 else " + ") + self._print(term)
        return text

    def _print_Pow(self, expr: sp.Pow) -> str:
        if _is_reciprocal(expr):
            return rf"\frac{{1}}{{{self._print(_denominator(expr))}}}"
        return super()._print_Pow(expr)

    def _print_factors(self, factors: tuple[sp.Basic, ...]) -> str:
        if len(factors) == 1:
            return self._print_factor(factors[0], alone=True)
        if len(factors) == 2 and _is_reciprocal(factors[1]) and not _is_reciprocal(factors[0]):
            return rf"\frac{{{self._print(factors[0])}}}{{{self._print(_denominator(factors[1]))}}}"
        text = self._print_factor(factors[0], alone=False)
        for before, factor in zip(factors, factors[1:]):
            # A dot keeps two fractions, or a fraction and a number, from reading as one.
            separator = r" \cdot " if _looks_numeric(before) and _looks_numeric(factor) else " "
            text += separator + self._print_factor(factor, alone=False)
        return text

    def _print_factor(self, factor: sp.Basic, *, alone: bool) -> str:
        if _is_reciprocal(factor):
            return rf"\frac{{1}}{{{self._print(_denominator(factor))}}}"
        needs_brackets = isinstance(factor, sp.Add) or (
            isinstance(factor, sp.Mul) and factor.args and factor.args[0] == -1
        )
        if needs_brackets and not alone:
            return rf"\left({self._print(factor)}\right)"
        return self._print(factor)

    def _print_Mul(self, expr: sp.Mul) -> str:
        factors = expr.args
        if factors and factors[0] == -1:
            return "- " + self._print_factor_or_factors(factors[1:])
        return self._print_factors(factors)

    def _print_factor_or_factors(self, factors: tuple[sp.Basic, ...]) -> str:
        if len(factors) == 1 and isinstance(factors[0], sp.Add):
            return rf"\left({self._print(factors[0])}\right)"
        if len(factors) == 1 and isinstance(factors[0], sp.Mul) and factors[0].args[0] != -1:
            return self._print_factors(factors[0].args)
        return self._print_factors(factors)

    def _print_Derivative(self, expr: sp.Derivative) -> str:
        (variable, count), = expr.variable_count
        if count != 1:
            return super()._print_Derivative(expr)
        inner = self._print(expr.expr)
        if not isinstance(expr.expr, (sp.Symbol, sp.Function)):
            inner = rf"\left({inner}\right)"
        return rf"\frac{{d}}{{d{self._print(variable)}}} {inner}"

    def _print_Function(self, expr: sp.Function, exp: str | None = None) -> str:
        if expr.func == sigma:
            text = rf"\sigma({self._print(expr.args[0])})"
            return text if exp is None else rf"{text}^{{{exp}}}"
        return super()._print_Function(expr, exp)

    def _print_OneMatrix(self, expr: sp.OneMatrix) -> str:
        return r"\mathbf{1}"

    def _print_Transpose(self, expr: sp.Transpose) -> str:
        inner = expr.arg
        if isinstance(inner, sp.MatrixSymbol) and inner in LATEX_NAMES and LATEX_NAMES[inner].endswith("}"):
            name = LATEX_NAMES[inner]
            if "^{" in name and not name.startswith(r"\sigma"):
                return name[:-1] + "T}"
        if isinstance(inner, (sp.MatrixSymbol, sp.OneMatrix)):
            return rf"{self._print(inner)}^{{T}}"
        return rf"\left({self._print(inner)}\right)^{{T}}"

    def _print_HadamardProduct(self, expr: sp.HadamardProduct) -> str:
        parts = []
        for factor in expr.args:
            text = self._print(factor)
            if isinstance(factor, sp.MatAdd):
                text = rf"\left({text}\right)"
            parts.append(text)
        return r" \odot ".join(parts)

    def _print_MatMul(self, expr: sp.MatMul) -> str:
        parts = []
        factors = list(expr.args)
        sign = ""
        if factors and factors[0] == -1:
            sign, factors = "- ", factors[1:]
        for factor in factors:
            text = self._print(factor)
            if isinstance(factor, (sp.MatAdd, sp.HadamardProduct)):
                text = rf"\left({text}\right)"
            parts.append(text)
        return sign + " ".join(parts)

    def _print_MatAdd(self, expr: sp.MatAdd) -> str:
        text = ""
        for index, term in enumerate(expr.args):
            if isinstance(term, sp.MatMul) and term.args and term.args[0] == -1:
                rest = sp.MatMul(*term.args[1:], evaluate=False) if len(term.args) > 2 else term.args[1]
                text += ("- " if index == 0 else " - ") + self._print(rest)
            else:
                text += ("" if index == 0 else " + ") + self._print(term)
        return text


_PRINTER = _Printer()


def to_latex(expression: sp.Basic) -> str:
    """Print ``expression`` as the pages show it, factors and terms in the order written.

    Examples:
        >>> from backprop.derivations.printing import to_latex
        >>> from backprop.derivations.symbols import a, fraction, y
        >>> to_latex(fraction(y, a))
        '\\\\frac{y}{a}'
    """
    return _PRINTER.doprint(expression)
