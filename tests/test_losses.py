"""Tests of the half squared error, the binary cross-entropy and their gradients."""

import numpy as np
import pytest

from backprop import (
    binary_cross_entropy,
    binary_cross_entropy_gradient,
    half_mse,
    half_mse_gradient,
    sigmoid,
)

STEP = 1e-6


def finite_difference(loss, values, Y):
    """Estimate the gradient of ``loss(values, Y)`` with respect to ``values`` by central differences."""
    values = np.array(values, dtype=np.float64)
    estimate = np.zeros_like(values)
    for index in np.ndindex(values.shape):
        original = values[index]
        values[index] = original + STEP
        loss_plus = loss(values, Y)
        values[index] = original - STEP
        loss_minus = loss(values, Y)
        values[index] = original
        estimate[index] = (loss_plus - loss_minus) / (2 * STEP)
    return estimate


def plain_mse(A2, Y):
    """Compute the mean squared error without the factor one half."""
    return float(np.mean((A2 - Y) ** 2))


@pytest.fixture
def regression_batch():
    rng = np.random.default_rng(7)
    return rng.standard_normal((1, 6)), rng.standard_normal((1, 6))


@pytest.fixture
def classification_batch():
    rng = np.random.default_rng(11)
    Z2 = rng.uniform(-4.0, 4.0, size=(1, 8))
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]])
    return Z2, Y


def test_half_mse_hand_value():
    # Errors 1, -2 and 3: (1 + 4 + 9) / (2 * 3).
    loss = half_mse([[1.0, 0.0, 5.0]], [[0.0, 2.0, 2.0]])

    assert loss == pytest.approx(14.0 / 6.0, rel=1e-15)


def test_half_mse_zero_at_target():
    assert half_mse([[0.3, -1.2]], [[0.3, -1.2]]) == 0.0


def test_half_mse_returns_float():
    assert type(half_mse([[1.0]], [[0.0]])) is float


def test_half_mse_gradient_hand_value():
    gradient = half_mse_gradient([[1.0, 0.0, 5.0]], [[0.0, 2.0, 2.0]])

    np.testing.assert_allclose(gradient, [[1.0 / 3.0, -2.0 / 3.0, 1.0]], rtol=1e-15)


def test_half_mse_gradient_matches_differences(regression_batch):
    A2, Y = regression_batch
    estimate = finite_difference(half_mse, A2, Y)

    np.testing.assert_allclose(half_mse_gradient(A2, Y), estimate, rtol=1e-7, atol=1e-10)


def test_plain_mse_gradient_is_double(regression_batch):
    # Without the factor 1/2 the gradient would be 2 (A2 - Y) / m, twice the one backward uses.
    A2, Y = regression_batch
    estimate = finite_difference(plain_mse, A2, Y)

    np.testing.assert_allclose(estimate, 2 * half_mse_gradient(A2, Y), rtol=1e-7, atol=1e-10)
    assert not np.allclose(estimate, half_mse_gradient(A2, Y), rtol=0.1)


def test_cross_entropy_matches_definition(classification_batch):
    Z2, Y = classification_batch
    A = 1.0 / (1.0 + np.exp(-Z2))
    expected = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))

    assert binary_cross_entropy(Z2, Y) == pytest.approx(expected, rel=1e-12)


def test_cross_entropy_at_zero_logit():
    assert binary_cross_entropy([[0.0, 0.0]], [[0.0, 1.0]]) == pytest.approx(np.log(2.0), rel=1e-15)


def test_cross_entropy_perfect_prediction():
    loss = binary_cross_entropy([[800.0, -800.0]], [[1.0, 0.0]])

    assert np.isfinite(loss)
    assert 0.0 <= loss < 1e-300


def test_cross_entropy_confidently_wrong():
    loss = binary_cross_entropy([[800.0, -800.0]], [[0.0, 1.0]])

    assert np.isfinite(loss)
    assert loss == pytest.approx(800.0, rel=1e-15)


def test_cross_entropy_gradient_matches_differences(classification_batch):
    Z2, Y = classification_batch
    estimate = finite_difference(binary_cross_entropy, Z2, Y)

    np.testing.assert_allclose(binary_cross_entropy_gradient(Z2, Y), estimate, rtol=1e-6, atol=1e-10)


def test_cross_entropy_gradient_simplified_form(classification_batch):
    Z2, Y = classification_batch
    m = Y.shape[1]

    np.testing.assert_allclose(binary_cross_entropy_gradient(Z2, Y), (sigmoid(Z2) - Y) / m, rtol=1e-15)


def test_cross_entropy_gradient_chain_rule(classification_batch):
    # dL/da * da/dz with dL/da = (-y/a + (1-y)/(1-a)) / m and da/dz = a (1 - a).
    Z2, Y = classification_batch
    m = Y.shape[1]
    A = 1.0 / (1.0 + np.exp(-Z2))
    chain_rule = (-Y / A + (1 - Y) / (1 - A)) * A * (1 - A) / m

    np.testing.assert_allclose(binary_cross_entropy_gradient(Z2, Y), chain_rule, rtol=1e-10)


def test_cross_entropy_gradient_saturated_finite():
    gradient = binary_cross_entropy_gradient([[800.0, -800.0, 800.0, -800.0]], [[1.0, 0.0, 0.0, 1.0]])

    assert np.isfinite(gradient).all()
    np.testing.assert_array_equal(gradient, [[0.0, 0.0, 0.25, -0.25]])


ALL_LOSSES = [half_mse, half_mse_gradient, binary_cross_entropy, binary_cross_entropy_gradient]


@pytest.mark.parametrize("function", ALL_LOSSES)
def test_vector_labels_suggest_reshape(function):
    with pytest.raises(ValueError, match=r"Y.*reshape"):
        function(np.zeros((1, 4)), np.zeros(4))


@pytest.mark.parametrize("function", ALL_LOSSES)
def test_vector_outputs_suggest_reshape(function):
    with pytest.raises(ValueError, match="reshape"):
        function(np.zeros(4), np.zeros((1, 4)))


@pytest.mark.parametrize("function", ALL_LOSSES)
def test_mismatched_example_count_raises(function):
    with pytest.raises(ValueError, match=r"Y must have shape \(1, 4\)"):
        function(np.zeros((1, 4)), np.zeros((1, 3)))


@pytest.mark.parametrize("function", ALL_LOSSES)
def test_two_output_rows_raise(function):
    with pytest.raises(ValueError, match=r"must have shape \(1, \?\)"):
        function(np.zeros((2, 4)), np.zeros((1, 4)))


@pytest.mark.parametrize("function", ALL_LOSSES)
def test_infinite_output_raises(function):
    with pytest.raises(ValueError, match="infinite"):
        function(np.array([[0.0, np.inf]]), np.zeros((1, 2)))


@pytest.mark.parametrize("function", [binary_cross_entropy, binary_cross_entropy_gradient])
@pytest.mark.parametrize("label", [2.0, -1.0, 0.5])
def test_cross_entropy_rejects_non_binary_labels(function, label):
    with pytest.raises(ValueError, match="Y must contain only the labels 0 and 1"):
        function(np.zeros((1, 3)), np.array([[0.0, 1.0, label]]))


def test_half_mse_accepts_real_targets():
    assert half_mse([[0.0]], [[0.5]]) == pytest.approx(0.125, rel=1e-15)
