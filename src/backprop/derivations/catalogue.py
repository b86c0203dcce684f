"""Every derivation the site shows, as steps that ``backprop.derivations.checks`` verifies.

The pages render these objects, so the LaTeX a reader follows is printed from
the expressions checked here. ``DERIVATIONS`` holds the ones the site
asserts; ``NOTES_ERRORS`` holds lines quoted from the handwritten notes
that the checker must reject, shown on the corrections page.
"""

from __future__ import annotations

import sympy as sp

from .checks import Derivation, NumericDerivation, Step, SymbolicDerivation
from .symbols import (
    SIGMOID_DEFINITION,
    A1,
    A2,
    W2,
    X,
    Y,
    a,
    dA1,
    dA2,
    db1,
    db2,
    dW1,
    dW2,
    dZ1,
    dZ2,
    fraction,
    m,
    n_1,
    negative,
    ones,
    power,
    product,
    sigma,
    sigma_Z1,
    sigma_Z2,
    total,
    y,
    z,
)

e_minus_z = sp.exp(-z)
one_plus = total(1, e_minus_z)

# ---------------------------------------------------------------------------
# The sigmoid's derivative

SIGMOID_DERIVATIVE = SymbolicDerivation(
    name="sigmoid-derivative",
    lhs=sp.Derivative(sigma(z), z),
    steps=(
        Step(sp.Derivative(power(one_plus, -1), z), "definition of $\\sigma$"),
        Step(
            negative(product(power(one_plus, -2), sp.Derivative(one_plus, z))),
            "chain rule: the outer power, then the inner function",
        ),
        Step(negative(product(power(one_plus, -2), negative(e_minus_z))), "$\\frac{d}{dz} e^{-z} = -e^{-z}$"),
        Step(fraction(e_minus_z, power(one_plus, 2)), "the two minus signs cancel"),
        Step(
            product(fraction(1, one_plus), fraction(e_minus_z, one_plus)),
            "split the fraction into two factors",
        ),
        Step(
            product(fraction(1, one_plus), fraction(total(one_plus, -1), one_plus)),
            "add and subtract 1 in the numerator",
        ),
        Step(
            product(fraction(1, one_plus), total(1, negative(fraction(1, one_plus)))),
            "divide each term by $1 + e^{-z}$",
        ),
        Step(product(sigma(z), total(1, negative(sigma(z)))), "both factors are $\\sigma(z)$ again"),
    ),
)

# ---------------------------------------------------------------------------
# Squared error

a_minus_y = total(a, negative(y))

HALF_SQUARED_ERROR = SymbolicDerivation(
    name="half-squared-error",
    lhs=sp.Derivative(product(fraction(1, product(2, m)), power(a_minus_y, 2)), a),
    steps=(
        Step(product(fraction(1, product(2, m)), 2, a_minus_y), "power rule; $y$ is a constant"),
        Step(product(fraction(1, m), a_minus_y), "the 2 cancels the factor $\\frac{1}{2}$"),
    ),
)

PLAIN_SQUARED_ERROR = SymbolicDerivation(
    name="plain-squared-error",
    lhs=sp.Derivative(product(fraction(1, m), power(a_minus_y, 2)), a),
    steps=(Step(product(fraction(2, m), a_minus_y), "power rule; nothing cancels the 2"),),
)

# ---------------------------------------------------------------------------
# Binary cross-entropy

cross_entropy = negative(total(product(y, sp.log(a)), product(total(1, negative(y)), sp.log(total(1, negative(a))))))
one_minus_a = total(1, negative(a))
one_minus_y = total(1, negative(y))
dL_da = total(negative(fraction(y, a)), fraction(one_minus_y, one_minus_a))

CROSS_ENTROPY_DA = SymbolicDerivation(
    name="cross-entropy-da",
    lhs=sp.Derivative(cross_entropy, a),
    steps=(
        Step(dL_da, "$\\frac{d}{da} \\log a = \\frac{1}{a}$ and $\\frac{d}{da} \\log(1 - a) = -\\frac{1}{1 - a}$"),
    ),
)

sigmoid_of_z = SIGMOID_DEFINITION(z)

CROSS_ENTROPY_DZ = SymbolicDerivation(
    name="cross-entropy-dz",
    lhs=sp.Derivative(cross_entropy.subs(a, sigma(z)), z),
    steps=(
        Step(product(dL_da, product(a, one_minus_a)), "chain rule with $\\frac{\\partial a}{\\partial z} = \\sigma'(z) = a(1 - a)$"),
        Step(total(negative(product(y, one_minus_a)), product(one_minus_y, a)), "multiply out; $a(1 - a)$ cancels both denominators"),
        Step(total(negative(y), product(y, a), a, negative(product(y, a))), "expand both products"),
        Step(total(a, negative(y)), "the terms $ya$ cancel"),
    ),
    substitutions=((sigma, SIGMOID_DEFINITION), (a, sigmoid_of_z)),
)

CROSS_ENTROPY_FROM_Z = SymbolicDerivation(
    name="cross-entropy-from-z",
    lhs=cross_entropy.subs(a, sigma(z)),
    steps=(
        Step(
            total(product(y, sp.log(one_plus)), product(one_minus_y, sp.log(total(1, sp.exp(z))))),
            "$\\log \\sigma(z) = -\\log(1 + e^{-z})$ and $\\log(1 - \\sigma(z)) = -\\log(1 + e^{z})$",
        ),
        Step(total(sp.log(total(1, sp.exp(z))), negative(product(y, z))), "$\\log(1 + e^{-z}) = \\log(1 + e^{z}) - z$"),
    ),
)

CROSS_ENTROPY_FROM_Z_DZ = SymbolicDerivation(
    name="cross-entropy-from-z-dz",
    lhs=sp.Derivative(total(sp.log(total(1, sp.exp(z))), negative(product(y, z))), z),
    steps=(
        Step(total(fraction(sp.exp(z), total(1, sp.exp(z))), negative(y)), "differentiate each term"),
        Step(total(sigma(z), negative(y)), "$\\frac{e^{z}}{1 + e^{z}} = \\frac{1}{1 + e^{-z}}$"),
    ),
)

# ---------------------------------------------------------------------------
# Back propagation through the two layers

inverse_m = sp.Pow(m, -1, evaluate=False)
output_error = sp.MatAdd(A2, sp.MatMul(-1, Y, evaluate=False), evaluate=False)
sigma_prime_Z1 = sp.HadamardProduct(sigma_Z1, sp.MatAdd(ones(n_1, m), sp.MatMul(-1, sigma_Z1, evaluate=False), evaluate=False), evaluate=False)
A1_times_one_minus_A1 = sp.HadamardProduct(A1, sp.MatAdd(ones(n_1, m), sp.MatMul(-1, A1, evaluate=False), evaluate=False), evaluate=False)

REGRESSION_DZ2 = NumericDerivation(
    name="regression-dZ2",
    lhs=dZ2,
    steps=(
        Step(sp.HadamardProduct(dA2, ones(1, m), evaluate=False), "chain rule; the identity's derivative is 1"),
        Step(sp.MatMul(inverse_m, output_error, evaluate=False), "$\\frac{\\partial \\mathcal{L}}{\\partial a^{(i)}} = \\frac{1}{2m} \\cdot 2(a^{(i)} - y^{(i)})$"),
    ),
    variable="Z2",
    models=("regression",),
)

CLASSIFICATION_DZ2 = NumericDerivation(
    name="classification-dZ2",
    lhs=dZ2,
    steps=(
        Step(
            sp.HadamardProduct(dA2, A2, sp.MatAdd(ones(1, m), sp.MatMul(-1, A2, evaluate=False), evaluate=False), evaluate=False),
            "chain rule; $\\sigma'(Z^{[2]}) = A^{[2]} \\odot (1 - A^{[2]})$",
        ),
        Step(sp.MatMul(inverse_m, output_error, evaluate=False), "$dz = a - y$ for each example, times $\\frac{1}{m}$ from the mean"),
    ),
    variable="Z2",
    models=("classification",),
)

OUTPUT_WEIGHTS = NumericDerivation(
    name="dW2",
    lhs=dW2,
    steps=(
        Step(sp.MatMul(dZ2, sp.Transpose(A1), evaluate=False), "$\\partial z^{[2](i)} / \\partial W^{[2]}_{1k} = a_k^{[1](i)}$, summed over the examples"),
        Step(sp.MatMul(inverse_m, output_error, sp.Transpose(A1), evaluate=False), "substitute $dZ^{[2]}$"),
    ),
    variable="W2",
)

OUTPUT_BIAS = NumericDerivation(
    name="db2",
    lhs=db2,
    steps=(
        Step(sp.MatMul(dZ2, ones(m, 1), evaluate=False), "$b^{[2]}$ enters every example with coefficient 1: sum over the examples"),
        Step(sp.MatMul(inverse_m, output_error, ones(m, 1), evaluate=False), "substitute $dZ^{[2]}$"),
    ),
    variable="b2",
)

HIDDEN_ACTIVATIONS = NumericDerivation(
    name="dA1",
    lhs=dA1,
    steps=(Step(sp.MatMul(sp.Transpose(W2), dZ2, evaluate=False), "entry $(k, i)$ of $A^{[1]}$ enters $z^{[2](i)}$ with coefficient $W^{[2]}_{1k}$"),),
    variable="A1",
)

HIDDEN_PRE_ACTIVATIONS = NumericDerivation(
    name="dZ1",
    lhs=dZ1,
    steps=(
        Step(sp.HadamardProduct(dA1, sigma_prime_Z1, evaluate=False), "$A^{[1]} = \\sigma(Z^{[1]})$ entry by entry, and $\\sigma' = \\sigma(1 - \\sigma)$"),
        Step(
            sp.HadamardProduct(sp.MatMul(sp.Transpose(W2), dZ2, evaluate=False), A1, sp.MatAdd(ones(n_1, m), sp.MatMul(-1, A1, evaluate=False), evaluate=False), evaluate=False),
            "substitute $dA^{[1]}$ and $\\sigma(Z^{[1]}) = A^{[1]}$",
        ),
    ),
    variable="Z1",
)

HIDDEN_WEIGHTS = NumericDerivation(
    name="dW1",
    lhs=dW1,
    steps=(
        Step(sp.MatMul(dZ1, sp.Transpose(X), evaluate=False), "the same argument as for $dW^{[2]}$, with $X$ in place of $A^{[1]}$"),
        Step(
            sp.MatMul(
                inverse_m,
                sp.HadamardProduct(sp.MatMul(sp.Transpose(W2), output_error, evaluate=False), sigma_prime_Z1, evaluate=False),
                sp.Transpose(X),
                evaluate=False,
            ),
            "substitute $dZ^{[1]}$ and $dZ^{[2]}$",
        ),
    ),
    variable="W1",
)

HIDDEN_BIAS = NumericDerivation(
    name="db1",
    lhs=db1,
    steps=(Step(sp.MatMul(dZ1, ones(m, 1), evaluate=False), "each hidden bias collects its row of $dZ^{[1]}$"),),
    variable="b1",
)

# ---------------------------------------------------------------------------
# Why the two models coincide: canonical links

GAUSSIAN_IDENTITY = SymbolicDerivation(
    name="gaussian-identity",
    lhs=sp.Derivative(product(sp.Rational(1, 2), power(total(y, negative(z)), 2)), z),
    steps=(Step(total(z, negative(y)), "the prediction is $a = z$"),),
)

BERNOULLI_SIGMOID = SymbolicDerivation(
    name="bernoulli-sigmoid",
    lhs=sp.Derivative(total(sp.log(total(1, sp.exp(z))), negative(product(y, z))), z),
    steps=(Step(total(sigma(z), negative(y)), "the prediction is $a = \\sigma(z)$"),),
)

POISSON_EXP = SymbolicDerivation(
    name="poisson-exp",
    lhs=sp.Derivative(total(sp.exp(z), negative(product(y, z)), sp.log(sp.factorial(y))), z),
    steps=(Step(total(sp.exp(z), negative(y)), "the prediction is $a = e^{z}$; $\\log y!$ does not depend on $z$"),),
)

z1, z2, z3, y1, y2 = sp.symbols("z_1 z_2 z_3 y_1 y_2", real=True)
y3 = total(1, negative(y1), negative(y2))
softmax_denominator = total(sp.exp(z1), sp.exp(z2), sp.exp(z3))

SOFTMAX_CROSS_ENTROPY = SymbolicDerivation(
    name="softmax-cross-entropy",
    lhs=sp.Derivative(
        negative(total(*(product(label, sp.log(fraction(sp.exp(score), softmax_denominator))) for label, score in ((y1, z1), (y2, z2), (y3, z3))))),
        z1,
    ),
    steps=(
        Step(
            total(
                negative(y1),
                product(total(y1, y2, y3), fraction(sp.exp(z1), softmax_denominator)),
            ),
            "$\\frac{\\partial}{\\partial z_1} \\log \\operatorname{softmax}_k = [k = 1] - \\operatorname{softmax}_1$",
        ),
        Step(total(fraction(sp.exp(z1), softmax_denominator), negative(y1)), "the labels sum to 1"),
    ),
    substitutions=(),
)

SIGMOID_SQUARED_ERROR = SymbolicDerivation(
    name="sigmoid-squared-error",
    lhs=sp.Derivative(product(sp.Rational(1, 2), power(total(sigma(z), negative(y)), 2)), z),
    steps=(
        Step(product(total(sigma(z), negative(y)), sp.Derivative(sigma(z), z)), "chain rule"),
        Step(product(total(a, negative(y)), a, one_minus_a), "$a = \\sigma(z)$ and $\\sigma'(z) = a(1 - a)$"),
    ),
    substitutions=((sigma, SIGMOID_DEFINITION), (a, sigmoid_of_z)),
)

#: The derivations the site asserts, by the name the pages use.
DERIVATIONS: dict[str, Derivation] = {
    derivation.name: derivation
    for derivation in (
        SIGMOID_DERIVATIVE,
        HALF_SQUARED_ERROR,
        PLAIN_SQUARED_ERROR,
        CROSS_ENTROPY_DA,
        CROSS_ENTROPY_DZ,
        CROSS_ENTROPY_FROM_Z,
        CROSS_ENTROPY_FROM_Z_DZ,
        REGRESSION_DZ2,
        CLASSIFICATION_DZ2,
        OUTPUT_WEIGHTS,
        OUTPUT_BIAS,
        HIDDEN_ACTIVATIONS,
        HIDDEN_PRE_ACTIVATIONS,
        HIDDEN_WEIGHTS,
        HIDDEN_BIAS,
        GAUSSIAN_IDENTITY,
        BERNOULLI_SIGMOID,
        POISSON_EXP,
        SOFTMAX_CROSS_ENTROPY,
        SIGMOID_SQUARED_ERROR,
    )
}

# ---------------------------------------------------------------------------
# Lines of the notes that are wrong; the corrections page shows the checker rejecting each.

NOTES_SIGMOID_DERIVATIVE = SymbolicDerivation(
    name="notes-sigmoid-derivative",
    lhs=sp.Derivative(sigma(z), z),
    steps=(
        Step(product(sigma(z), total(1, negative(sigma(z))))),
        Step(product(fraction(1, one_plus), total(1, negative(fraction(1, one_plus))))),
        Step(fraction(e_minus_z, power(one_plus, 2))),
        Step(fraction(1, power(one_plus, 2)), "the notes' last equality"),
    ),
    claimed=False,
)

NOTES_OUTPUT_WEIGHTS = NumericDerivation(
    name="notes-dW2",
    lhs=dW2,
    steps=(Step(sp.MatMul(sp.Rational(1, 2), output_error, sp.Transpose(A1), evaluate=False), "the notes' boxed result"),),
    variable="W2",
    models=("regression",),
    claimed=False,
)

NOTES_SIGN = NumericDerivation(
    name="notes-dZ1-sign",
    lhs=dZ1,
    steps=(
        Step(
            sp.MatMul(
                inverse_m,
                sp.HadamardProduct(
                    sp.MatMul(sp.Transpose(W2), sp.MatAdd(A2, Y, evaluate=False), evaluate=False),
                    sigma_prime_Z1,
                    evaluate=False,
                ),
                evaluate=False,
            ),
            "the notes write $A^{[2]} + Y$",
        ),
    ),
    variable="Z1",
    models=("regression",),
    claimed=False,
)

NOTES_WRONG_LAYER = NumericDerivation(
    name="notes-dW1-layer",
    lhs=dW1,
    steps=(
        Step(
            sp.MatMul(
                inverse_m,
                sp.HadamardProduct(
                    sp.MatMul(sp.Transpose(W2), output_error, evaluate=False),
                    sp.MatMul(ones(n_1, 1), sp.HadamardProduct(sigma_Z2, sp.MatAdd(ones(1, m), sp.MatMul(-1, sigma_Z2, evaluate=False), evaluate=False), evaluate=False), evaluate=False),
                    evaluate=False,
                ),
                sp.Transpose(X),
                evaluate=False,
            ),
            "the notes' boxed $dW^{[1]}$ takes $\\sigma'$ of the output layer, repeated down the $n_1$ rows",
        ),
    ),
    variable="W1",
    models=("regression",),
    claimed=False,
)

NOTES_PRODUCT_ORDER = NumericDerivation(
    name="notes-dZ1-order",
    lhs=dZ1,
    steps=(Step(sp.HadamardProduct(sp.MatMul(dZ2, W2, evaluate=False), sigma_prime_Z1, evaluate=False), "the notes write $dz^{(2)} \\cdot \\omega^{2}$"),),
    variable="Z1",
    models=("regression",),
    claimed=False,
)

#: Lines of the notes that the checker must reject, by the name the corrections page uses.
NOTES_ERRORS: dict[str, Derivation] = {
    derivation.name: derivation
    for derivation in (
        NOTES_SIGMOID_DERIVATIVE,
        NOTES_OUTPUT_WEIGHTS,
        NOTES_SIGN,
        NOTES_WRONG_LAYER,
        NOTES_PRODUCT_ORDER,
    )
}

#: Every derivation a page may show: the asserted ones and the notes' errors.
ALL_DERIVATIONS: dict[str, Derivation] = {**DERIVATIONS, **NOTES_ERRORS}
