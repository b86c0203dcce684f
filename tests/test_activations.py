"""Tests of the activation functions and their derivatives."""

import warnings

import numpy as np
import pytest

from backprop import identity, identity_derivative, sigmoid, sigmoid_derivative

MODERATE_Z = np.linspace(-6.0, 6.0, 25)


def reference_sigmoid(z):
    """Evaluate 1 / (1 + exp(-z)) directly; safe only where exp(-z) does not overflow."""
    return 1.0 / (1.0 + np.exp(-z))


def test_sigmoid_matches_formula():
    np.testing.assert_allclose(sigmoid(MODERATE_Z), reference_sigmoid(MODERATE_Z), rtol=1e-14, atol=0)


def test_sigmoid_known_values():
    assert float(sigmoid(0.0)) == 0.5
    assert float(sigmoid(2.0)) == pytest.approx(0.8807970779778823, rel=1e-15)
    assert float(sigmoid(-2.0)) == pytest.approx(0.11920292202211755, rel=1e-15)


def test_sigmoid_keeps_shape():
    z = np.arange(6.0).reshape(2, 3)

    assert sigmoid(z).shape == (2, 3)


@pytest.mark.parametrize(
    ("dtype", "magnitude"),
    [(np.float64, 1000.0), (np.float32, 100.0), (np.float32, 1e4)],
)
def test_sigmoid_extreme_inputs_finite(dtype, magnitude):
    z = np.array([-magnitude, magnitude], dtype=dtype)

    # Underflow of exp(-|z|) to zero is harmless, and NumPy ignores it by default.
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        value = sigmoid(z)
        slope = sigmoid_derivative(z)

    assert np.isfinite(value).all()
    assert 0.0 <= value[0] < 1e-40
    assert value[1] == 1.0
    assert np.isfinite(slope).all()
    assert (slope >= 0).all()


def test_sigmoid_infinities_saturate():
    value = sigmoid(np.array([-np.inf, np.inf]))

    assert value.tolist() == [0.0, 1.0]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_keeps_float_dtype(dtype):
    z = np.array([-1.0, 0.0, 1.0], dtype=dtype)

    assert sigmoid(z).dtype == dtype
    assert sigmoid_derivative(z).dtype == dtype
    assert identity(z).dtype == dtype
    assert identity_derivative(z).dtype == dtype


@pytest.mark.parametrize("function", [sigmoid, sigmoid_derivative, identity, identity_derivative])
def test_integer_input_becomes_float64(function):
    assert function(np.array([-2, 0, 3])).dtype == np.float64


def test_sigmoid_symmetry():
    z = np.linspace(-30.0, 30.0, 61)

    np.testing.assert_allclose(sigmoid(-z), 1.0 - sigmoid(z), rtol=0, atol=1e-15)


def test_sigmoid_derivative_equals_product_form():
    sigma = sigmoid(MODERATE_Z)

    np.testing.assert_allclose(sigmoid_derivative(MODERATE_Z), sigma * (1.0 - sigma), rtol=1e-12, atol=0)


def test_sigmoid_derivative_equals_exponential_form():
    decay = np.exp(-MODERATE_Z)

    np.testing.assert_allclose(sigmoid_derivative(MODERATE_Z), decay / (1.0 + decay) ** 2, rtol=1e-13, atol=0)


def test_sigmoid_derivative_matches_finite_difference():
    step = 1e-5
    central = (sigmoid(MODERATE_Z + step) - sigmoid(MODERATE_Z - step)) / (2 * step)

    np.testing.assert_allclose(sigmoid_derivative(MODERATE_Z), central, rtol=1e-8, atol=0)


def test_sigmoid_derivative_maximum_at_zero():
    assert float(sigmoid_derivative(0.0)) == 0.25
    assert sigmoid_derivative(MODERATE_Z).max() == 0.25


def test_sigmoid_derivative_tail_precision():
    # sigma(1 - sigma) is exactly 0 at z = 40 because 1 - sigma(40) rounds to zero.
    assert float(sigmoid_derivative(40.0)) == pytest.approx(np.exp(-40.0), rel=1e-12)


def test_squared_sigmoid_is_not_derivative():
    # The formula 1 / (1 + e^{-z})^2 is sigma squared, not sigma'.
    wrong = 1.0 / (1.0 + np.exp(-1.0)) ** 2
    right = float(sigmoid_derivative(1.0))

    assert right == pytest.approx(0.19661193324148185, rel=1e-12)
    assert wrong == pytest.approx(0.5344466, rel=1e-6)
    assert abs(wrong - right) > 0.3


def test_identity_returns_input_values():
    z = np.array([[-2.5, 0.0, 3.0, np.inf]])

    np.testing.assert_array_equal(identity(z), z)


def test_identity_returns_copy():
    z = np.array([1.0, 2.0])
    result = identity(z)
    result[0] = 99.0

    assert z[0] == 1.0


def test_identity_derivative_is_ones():
    z = np.array([[-5.0, 0.0], [2.0, 1e6]])
    slope = identity_derivative(z)

    assert slope.shape == z.shape
    assert (slope == 1.0).all()


BAD_INPUTS = [
    pytest.param(True, TypeError, id="bool"),
    pytest.param(np.array([True, False]), TypeError, id="bool-array"),
    pytest.param(np.array([1 + 2j]), TypeError, id="complex"),
    pytest.param("1.0", TypeError, id="string"),
    pytest.param(np.array([0.0, np.nan]), ValueError, id="nan"),
]


@pytest.mark.parametrize("function", [sigmoid, sigmoid_derivative, identity, identity_derivative])
@pytest.mark.parametrize(("value", "error"), BAD_INPUTS)
def test_bad_input_names_z(function, value, error):
    with pytest.raises(error, match=r"\bz\b"):
        function(value)
