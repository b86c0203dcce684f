"""Numerical stability at extreme values, in float32 and float64.

Every check runs with warnings turned into errors and NumPy's overflow,
division and invalid-value flags raising. A function that overflowed on the
way to a finite result therefore fails here even when the result is right.
Underflow to zero stays allowed: e^{-|z|} rounding to 0 is the exact limit.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager

import numpy as np
import pytest

from backprop import (
    backward,
    binary_cross_entropy,
    binary_cross_entropy_gradient,
    compute_loss,
    forward,
    half_mse,
    half_mse_gradient,
    init_parameters,
    make_two_class,
    sigmoid,
    sigmoid_derivative,
    train,
)
from backprop.training import InPlaceStep

DTYPES = [np.float32, np.float64]
# Every point from -1e4 to 1e4 in steps of 1, plus the points where exp overflows
# (88.7 in float32, 709.8 in float64) and where 1 - sigma rounds to 0.
EDGES = [0.0, 1e-30, 16.6, 17.0, 36.7, 37.0, 88.0, 88.8, 89.0, 103.0, 104.0, 709.0, 710.0, 745.0, 746.0, 1e4]
Z = np.unique(np.concatenate([np.arange(-1e4, 1e4 + 1), EDGES, np.negative(EDGES)]))


@contextmanager
def strict():
    """Turn every warning into an error and let NumPy raise on overflow, division and invalid values."""
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
        warnings.simplefilter("error")
        yield


@pytest.fixture(params=DTYPES, ids=lambda dtype: np.dtype(dtype).name)
def dtype(request):
    return request.param


def test_sigmoid_finite_over_range(dtype):
    z = Z.astype(dtype)
    with strict():
        a = sigmoid(z)

    assert a.dtype == dtype
    assert np.isfinite(a).all()
    assert ((a >= 0) & (a <= 1)).all()
    assert (np.diff(a) >= 0).all()  # monotone, also where it saturates
    assert a[0] == 0.0
    assert a[-1] == 1.0


def test_sigmoid_derivative_finite_over_range(dtype):
    z = Z.astype(dtype)
    with strict():
        slope = sigmoid_derivative(z)

    assert slope.dtype == dtype
    assert np.isfinite(slope).all()
    assert ((slope >= 0) & (slope <= 0.25)).all()
    np.testing.assert_array_equal(slope, slope[::-1])  # even, exactly


@pytest.mark.parametrize("label", [0.0, 1.0])
def test_cross_entropy_finite_over_range(dtype, label):
    Z2 = Z.astype(dtype).reshape(1, -1)
    Y = np.full_like(Z2, label)
    with strict():
        loss = binary_cross_entropy(Z2, Y)
        gradient = binary_cross_entropy_gradient(Z2, Y)

    m = Z2.shape[1]
    assert np.isfinite(loss)
    assert loss > 0
    assert gradient.dtype == dtype
    assert np.isfinite(gradient).all()
    assert (np.abs(gradient) <= np.float32(1.0) / m * (1 + 1e-6)).all()


@pytest.mark.parametrize("z", [1e4, 800.0, 746.0, 104.0])
def test_cross_entropy_per_example_extremes(dtype, z):
    # A confident right answer costs log(1 + e^{-|z|}), 0 once e^{-|z|} underflows;
    # a confident wrong one costs about |z|, without overflow.
    Z2 = np.array([[z, -z]], dtype=dtype)
    with strict():
        right = binary_cross_entropy(Z2, np.array([[1.0, 0.0]]))
        wrong = binary_cross_entropy(Z2, np.array([[0.0, 1.0]]))
        gradient = binary_cross_entropy_gradient(Z2, np.array([[0.0, 1.0]]))

    assert right == pytest.approx(np.log1p(np.exp(-z)), rel=1e-5, abs=1e-44)
    assert wrong == pytest.approx(float(dtype(z)), rel=1e-6)
    np.testing.assert_array_equal(gradient, np.array([[0.5, -0.5]], dtype=dtype))


def test_perfect_prediction_has_zero_loss(dtype):
    Y = np.array([[0.0, 1.0, 1.0, 0.0]], dtype=dtype)
    Z2 = np.where(Y == 1, 1e4, -1e4).astype(dtype)
    with strict():
        assert binary_cross_entropy(Z2, Y) == 0.0
        assert half_mse(Y, Y) == 0.0
        np.testing.assert_array_equal(binary_cross_entropy_gradient(Z2, Y), np.zeros_like(Y))
        np.testing.assert_array_equal(half_mse_gradient(Y, Y), np.zeros_like(Y))


def test_float32_gradient_with_float64_labels_stays_float32():
    # Y is converted to the dtype of the outputs, not the other way round.
    Z2 = np.array([[0.5, -2.0]], dtype=np.float32)
    Y = np.array([[1.0, 0.0]], dtype=np.float64)

    assert binary_cross_entropy_gradient(Z2, Y).dtype == np.float32
    assert half_mse_gradient(Z2, Y).dtype == np.float32


@pytest.mark.parametrize("model", ["regression", "classification"])
def test_forward_backward_saturated_network(dtype, model):
    # Weights of 1e3 push every pre-activation far beyond the overflow points of exp.
    X, Y = make_two_class(m=16, seed=0)
    parameters = {name: (1e3 * np.sign(value + 0.5)).astype(dtype) for name, value in init_parameters(2, 6).items()}
    with strict():
        A2, cache = forward(X.astype(dtype), parameters, model)
        loss = compute_loss(cache, Y)
        gradients = backward(parameters, cache, Y)

    assert A2.dtype == dtype
    assert np.isfinite(loss)
    for name, gradient in gradients.items():
        assert gradient.dtype == dtype, name
        assert np.isfinite(gradient).all(), name


@pytest.mark.parametrize("model", ["regression", "classification"])
def test_in_place_step_saturated_network(dtype, model):
    # The fast step lets e^{-Z1} overflow to inf on purpose and must not let a warning out.
    X, Y = make_two_class(m=16, seed=0)
    parameters = {name: (1e3 * np.sign(value + 0.5)).astype(dtype) for name, value in init_parameters(2, 6).items()}
    step = InPlaceStep(X.astype(dtype), Y.astype(dtype), parameters, model, learning_rate=1e-6)
    with strict():
        loss = step()

    assert np.isfinite(loss)
    for name, value in step.parameters().items():
        assert value.dtype == dtype, name
        assert np.isfinite(value).all(), name


@pytest.mark.parametrize("model", ["regression", "classification"])
def test_train_keeps_float32(model):
    X, Y = make_two_class(m=40, seed=0)
    with strict():
        parameters, losses = train(X.astype(np.float32), Y, model, n_1=4, learning_rate=0.5, num_iterations=20)

    assert all(value.dtype == np.float32 for value in parameters.values())
    assert all(np.isfinite(losses))
    assert losses[-1] < losses[0]


def test_mixed_dtypes_follow_numpy_promotion():
    # Documented: float32 inputs with the float64 parameters of init_parameters compute in float64,
    # and float16 or integer inputs are converted to float64.
    X, _ = make_two_class(m=8, seed=0)
    parameters = init_parameters(2, 3)

    assert forward(X.astype(np.float32), parameters, "regression")[0].dtype == np.float64
    assert forward(X.astype(np.float16), parameters, "regression")[0].dtype == np.float64
    assert sigmoid(np.array([1, 2], dtype=np.int32)).dtype == np.float64
    assert sigmoid(np.array([1.0], dtype=np.float16)).dtype == np.float64
