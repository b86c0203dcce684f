"""Check each step of a derivation, symbolically with SymPy or numerically against finite differences.

A derivation is a left-hand side followed by steps; the page shows each step
after an equals sign. A step is one SymPy expression, and the LaTeX on the page
is printed from that expression, so the text a reader follows is the
expression the computer checks.

- A ``SymbolicDerivation`` contains scalar steps. Each step must simplify to
  the same expression as the one before it (the first step is compared with
  the left-hand side), after substituting the definitions the derivation
  names, such as $\\sigma(z) = 1 / (1 + e^{-z})$.
- A ``NumericDerivation`` contains matrix steps, each equal to the gradient
  of the loss with respect to one variable (or to one forward-pass value).
  Each step is evaluated with NumPy at several random shapes and values, in
  float64, and compared with the two-sided finite-difference gradient of the
  loss; a relative error above ``TOLERANCE`` or a shape that does not fit
  rejects the step.

This subpackage needs SymPy, which only the site and the tests install; the
package's ``__init__`` does not import it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np
import sympy as sp

from ..activations import sigmoid
from .. import gradcheck
from ..gradcheck import relative_error
from ..losses import binary_cross_entropy, half_mse
from ..network import MODELS, forward
from .printing import to_latex
from .symbols import SIGMOID_DEFINITION, a, m, n_1, n_x, negative, product, sigma, y, z

#: Largest relative error between a matrix step and finite differences that passes.
TOLERANCE = 1e-7

#: ``TOLERANCE`` as the pages print it.
TOLERANCE_TEXT = f"{TOLERANCE:.0e}".replace("e-0", "e-")

#: Step of the two-sided finite differences.
EPSILON = 1e-6

#: The (n_x, n_1, m) shapes at which every matrix step is evaluated.
SHAPES = ((1, 1, 1), (2, 3, 4), (4, 5, 6))




@dataclass(frozen=True)
class Step:
    """One expression that a page shows after an equals sign.

    Attributes:
        expression: The SymPy expression; the page prints it with ``to_latex``.
        reason: Why the step follows from the one before, in plain text;
            ``$...$`` marks inline math.
    """

    expression: sp.Basic
    reason: str = ""


@dataclass(frozen=True)
class StepResult:
    """The verdict on one step: whether it holds, and the checker's reason when it does not."""

    index: int
    holds: bool
    message: str


@dataclass(frozen=True)
class Derivation:
    """A left-hand side and the steps that follow it, with the method that checks them.

    Attributes:
        name: Identifier used by the pages, such as ``"sigmoid-derivative"``.
        lhs: The expression before the first equals sign.
        steps: The steps, in the order the page shows them.
        claimed: ``False`` for a derivation quoted from the notes to show
            that the checker rejects it; ``True`` for every derivation the
            site asserts.
    """

    name: str
    lhs: sp.Basic
    steps: tuple[Step, ...]
    claimed: bool = True

    method = "abstract"

    def check(self, only: frozenset[int] | None = None) -> list[StepResult]:  # pragma: no cover
        raise NotImplementedError

    def describe_check(self) -> str:  # pragma: no cover - defined by subclasses
        raise NotImplementedError

    def rejected_steps(self) -> list[StepResult]:
        """Return the results of the steps that do not hold."""
        return [result for result in self.check() if not result.holds]

    def with_step(self, index: int, expression: sp.Basic) -> Derivation:
        """Return a copy with step ``index`` (1-based) replaced by ``expression``."""
        steps = list(self.steps)
        steps[index - 1] = replace(steps[index - 1], expression=expression)
        return replace(self, steps=tuple(steps))


#: Values given to the free symbols when a rejected symbolic step is shown with numbers.
SAMPLE_POINT = {z: sp.Integer(1), a: sp.Rational(3, 10), y: sp.Integer(1), m: sp.Integer(4)}


@dataclass(frozen=True)
class SymbolicDerivation(Derivation):
    """Scalar steps, each of which must simplify to the one before it.

    Attributes:
        substitutions: Definitions substituted before comparing, for example
            ``{sigma: SIGMOID_DEFINITION}`` or ``{a: 1 / (1 + exp(-z))}``.
    """

    substitutions: tuple[tuple[sp.Basic, sp.Basic], ...] = ((sigma, SIGMOID_DEFINITION),)

    method = "symbolic"

    def describe_check(self) -> str:
        return "SymPy: each step minus the one before simplifies to 0"

    def _canonical(self, expression: sp.Basic) -> sp.Expr:
        for symbol, value in self.substitutions:
            expression = expression.subs(symbol, value)
        return expression.doit()

    def check(self, only: frozenset[int] | None = None) -> list[StepResult]:
        """Compare each step with the one before; ``only`` limits the comparison to those 1-based steps."""
        results = []
        previous = self.lhs
        for index, step in enumerate(self.steps, start=1):
            if only is not None and index not in only:
                previous = step.expression
                continue
            # --8<-- [start:symbolic_check]
            difference = sp.simplify(self._canonical(previous) - self._canonical(step.expression))
            holds = difference == 0 or bool(difference.equals(0))
            # --8<-- [end:symbolic_check]
            message = "" if holds else self._rejection(index, previous, step.expression, difference)
            results.append(StepResult(index=index, holds=holds, message=message))
            previous = step.expression
        return results

    def _rejection(self, index: int, previous: sp.Basic, current: sp.Basic, difference: sp.Expr) -> str:
        point = {symbol: value for symbol, value in SAMPLE_POINT.items() if symbol in difference.free_symbols}
        others = sorted(difference.free_symbols - set(point), key=str)
        point.update({symbol: sp.Rational(position + 2, 10) for position, symbol in enumerate(others)})
        before = float(self._canonical(previous).subs(point).evalf())
        after = float(self._canonical(current).subs(point).evalf())
        where = ", ".join(f"{symbol} = {value}" for symbol, value in point.items())
        return (
            f"step {index} does not follow: ${to_latex(previous)}$ minus ${to_latex(current)}$ "
            f"simplifies to ${sp.latex(difference)}$, not 0; at {where or 'any point'} "
            f"the two sides are {before:.4f} and {after:.4f}"
        )


def _random_case(model: str, shape: tuple[int, int, int], seed: int) -> dict[str, np.ndarray]:
    """Draw inputs, targets and parameters with nonzero biases, and run the forward pass."""
    size_x, size_1, size_m = shape
    rng = np.random.default_rng(seed)
    values = {
        "X": rng.standard_normal((size_x, size_m)),
        "W1": rng.standard_normal((size_1, size_x)),
        "b1": rng.standard_normal((size_1, 1)),
        "W2": rng.standard_normal((1, size_1)),
        "b2": rng.standard_normal((1, 1)),
    }
    if model == "regression":
        values["Y"] = rng.standard_normal((1, size_m))
    else:
        values["Y"] = (rng.random((1, size_m)) < 0.5).astype(float)
    parameters = {name: values[name] for name in ("W1", "b1", "W2", "b2")}
    _, cache = forward(values["X"], parameters, model)
    values.update(Z1=cache.Z1, A1=cache.A1, Z2=cache.Z2, A2=cache.A2)
    values["sigma_Z1"] = sigmoid(cache.Z1)
    values["sigma_Z2"] = sigmoid(cache.Z2)
    return values


def _output_loss(model: str, A2_value: np.ndarray, Y_value: np.ndarray) -> float:
    """The loss as a function of the predictions alone; cross-entropy from probabilities."""
    if model == "regression":
        return half_mse(A2_value, Y_value)
    count = Y_value.shape[1]
    return float(-np.sum(Y_value * np.log(A2_value) + (1 - Y_value) * np.log(1 - A2_value))) / count


def _loss_of(variable: str, model: str, values: Mapping[str, np.ndarray]) -> Callable[[np.ndarray], float]:
    """Return the loss as a function of one variable, with everything else held fixed."""
    Y_value = values["Y"]

    def from_Z2(Z2_value: np.ndarray) -> float:
        if model == "regression":
            return half_mse(Z2_value, Y_value)
        return binary_cross_entropy(Z2_value, Y_value)

    def from_A1(A1_value: np.ndarray) -> float:
        return from_Z2(values["W2"] @ A1_value + values["b2"])

    def from_parameter(name: str) -> Callable[[np.ndarray], float]:
        def loss(value: np.ndarray) -> float:
            parameters = {key: values[key] for key in ("W1", "b1", "W2", "b2")}
            parameters[name] = value
            _, cache = forward(values["X"], parameters, model)
            return from_Z2(cache.Z2)

        return loss

    functions = {
        "A2": lambda A2_value: _output_loss(model, A2_value, Y_value),
        "Z2": from_Z2,
        "A1": from_A1,
        "Z1": lambda Z1_value: from_A1(sigmoid(Z1_value)),
    }
    for name in ("W1", "b1", "W2", "b2"):
        functions[name] = from_parameter(name)
    return functions[variable]


def finite_difference_gradient(function: Callable[[np.ndarray], float], point: np.ndarray) -> np.ndarray:
    """Estimate the gradient of ``function`` at ``point`` by two-sided differences with step ``EPSILON``."""
    return gradcheck.finite_difference_gradient(function, point, epsilon=EPSILON)


@functools.lru_cache(maxsize=None)
def numeric_case(model: str, shape_index: int) -> dict[str, np.ndarray]:
    """Return the values of one random case: inputs, forward pass, and every gradient by finite differences.

    Gradients are stored under ``dA2``, ``dZ2``, ``dA1``, ``dZ1``, ``dW1``,
    ``db1``, ``dW2`` and ``db2``. A step that uses ``dZ2`` reads this
    estimate, so each step is checked on its own, not through the steps
    before it.
    """
    values = _random_case(model, SHAPES[shape_index], seed=100 + shape_index)
    for variable in ("A2", "Z2", "A1", "Z1", "W1", "b1", "W2", "b2"):
        values["d" + variable] = finite_difference_gradient(_loss_of(variable, model, values), values[variable])
    return values


def evaluate(expression: sp.Basic, values: Mapping[str, np.ndarray]) -> np.ndarray | float:
    """Evaluate a matrix expression with NumPy arrays bound to its symbols.

    ``values`` maps each ``sympy.MatrixSymbol`` name to an array; the
    sizes ``n_x``, ``n_1`` and ``m`` are read from ``X`` and ``W1``.

    Raises:
        ValueError: If two factors do not chain, for example ``(1, m) @ (1, n_1)``.
    """
    sizes = {n_x: values["X"].shape[0], n_1: values["W1"].shape[0], m: values["X"].shape[1]}

    def walk(node: sp.Basic) -> np.ndarray | float:
        if isinstance(node, sp.MatrixSymbol):
            return values[node.name]
        if isinstance(node, sp.OneMatrix):
            return np.ones((int(node.rows.subs(sizes)), int(node.cols.subs(sizes))))
        if isinstance(node, sp.Transpose):
            return np.asarray(walk(node.arg)).T
        if isinstance(node, sp.MatMul):
            result: np.ndarray | float = 1.0
            for factor in node.args:
                value = walk(factor)
                if np.ndim(value) == 0 or np.ndim(result) == 0:
                    result = result * value
                elif np.shape(result)[1] != np.shape(value)[0]:
                    raise ValueError(f"matrix product of shapes {np.shape(result)} and {np.shape(value)}")
                else:
                    result = result @ value
            return result
        if isinstance(node, sp.HadamardProduct):
            result = walk(node.args[0])
            for factor in node.args[1:]:
                value = walk(factor)
                if np.shape(value) != np.shape(result):
                    raise ValueError(
                        f"element-wise product of shapes {np.shape(result)} and {np.shape(value)}"
                    )
                result = result * value
            return result
        if isinstance(node, sp.MatAdd):
            terms = [walk(term) for term in node.args]
            shapes = {np.shape(term) for term in terms}
            if len(shapes) > 1:
                raise ValueError(f"sum of shapes {sorted(shapes)}")
            return sum(terms[1:], terms[0])
        if node.is_number or node.free_symbols <= set(sizes):
            return float(node.subs(sizes))
        raise TypeError(f"cannot evaluate {node!r} numerically")

    return walk(expression)


@dataclass(frozen=True)
class NumericDerivation(Derivation):
    """Matrix steps, each equal to the gradient of the loss with respect to ``variable``.

    Attributes:
        variable: Name of the variable, such as ``"W2"``; each step must equal
            the finite-difference gradient ``d<variable>``.
        models: The models whose losses the steps are checked against.
    """

    variable: str = ""
    models: tuple[str, ...] = MODELS

    method = "numeric"

    def describe_check(self) -> str:
        models = " and ".join(self.models)
        return (
            f"NumPy: relative error below {TOLERANCE_TEXT} against finite differences of the loss, "
            f"{models}, {len(SHAPES)} random shapes, float64"
        )

    def check(self, only: frozenset[int] | None = None) -> list[StepResult]:
        """Compare each step with finite differences; ``only`` limits the check to those 1-based steps."""
        results = []
        for index, step in enumerate(self.steps, start=1):
            if only is not None and index not in only:
                continue
            message = ""
            for model in self.models:
                for shape_index, shape in enumerate(SHAPES):
                    message = self._compare(index, step, model, shape_index, shape)
                    if message:
                        break
                if message:
                    break
            results.append(StepResult(index=index, holds=not message, message=message))
        return results

    def _compare(self, index: int, step: Step, model: str, shape_index: int, shape: tuple[int, int, int]) -> str:
        # --8<-- [start:numeric_check]
        values = numeric_case(model, shape_index)
        expected = values["d" + self.variable]
        where = f"for {model} at (n_x, n_1, m) = {shape}"
        try:
            value = np.asarray(evaluate(step.expression, values), dtype=np.float64)
        except ValueError as error:
            return f"step {index} does not fit together {where}: {error}"
        if value.shape != expected.shape:
            return (
                f"step {index} has shape {value.shape} {where}, but d{self.variable} must have the "
                f"shape of {self.variable}, {expected.shape}"
            )
        error = relative_error(value, expected)
        if error > TOLERANCE:
            return (
                f"step {index} differs from finite differences {where}: relative error {error:.1e} "
                f"(tolerance {TOLERANCE_TEXT})"
            )
        return ""
        # --8<-- [end:numeric_check]


def mutants(expression: sp.Basic) -> list[tuple[str, sp.Basic]]:
    """Return small changes of ``expression`` that a checker must reject: a flipped sign, a doubled value, a dropped factor.

    Examples:
        >>> from backprop.derivations.checks import mutants
        >>> from backprop.derivations.symbols import a, negative, total, y
        >>> [kind for kind, _ in mutants(total(a, negative(y)))]
        ['flipped sign', 'doubled']
    """
    matrix = isinstance(expression, sp.MatrixExpr)
    if matrix:
        changed = [
            ("flipped sign", sp.MatMul(sp.S.NegativeOne, expression, evaluate=False)),
            ("doubled", sp.MatMul(sp.Integer(2), expression, evaluate=False)),
        ]
        factors = expression.args if isinstance(expression, (sp.MatMul, sp.HadamardProduct)) else ()
        for position, factor in enumerate(factors):
            rest = factors[:position] + factors[position + 1 :]
            # Dropping a factor of ones from an element-wise product changes nothing.
            neutral = isinstance(expression, sp.HadamardProduct) and isinstance(factor, sp.OneMatrix)
            if rest and factor != -1 and not neutral:
                kind = sp.MatMul if isinstance(expression, sp.MatMul) else sp.HadamardProduct
                remaining = rest[0] if len(rest) == 1 else kind(*rest, evaluate=False)
                if isinstance(remaining, sp.MatrixExpr):
                    changed.append((f"dropped factor {position + 1}", remaining))
        return changed
    changed = [
        ("flipped sign", negative(expression)),
        ("doubled", product(sp.Integer(2), expression)),
    ]
    if isinstance(expression, sp.Mul):
        factors = expression.args
        for position, factor in enumerate(factors):
            rest = factors[:position] + factors[position + 1 :]
            if rest and factor not in (-1, 1):
                remaining = rest[0] if len(rest) == 1 else sp.Mul(*rest, evaluate=False)
                changed.append((f"dropped factor {position + 1}", remaining))
    return changed
