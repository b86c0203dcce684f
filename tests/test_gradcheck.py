"""Tests that the backward pass agrees with finite differences, and that the check can fail."""

import numpy as np
import pytest

import backprop.gradcheck
from backprop import (
    MODELS,
    backward,
    forward,
    gradient_check,
    init_parameters,
    numerical_gradients,
    relative_error,
)

# (n_x, n_1, m): one example, a tiny net, an odd batch and a wider batch.
SHAPES = [(1, 1, 1), (2, 3, 4), (3, 5, 7), (5, 8, 20)]
# NOTE: With epsilon = 1e-6, a gradient entry far smaller than the loss (for example dW1 when an
# input is near 0) can push a correct relative error towards 1e-7, so these seeds keep a margin.
PASS_THRESHOLD = 1e-7
# A gradient that is wrong by 1% in one parameter already gives a relative error near 5e-3.
FAIL_THRESHOLD = 1e-4
PARAMETER_NAMES = ("W1", "b1", "W2", "b2")


def make_problem(model, n_x, n_1, m, seed=0):
    """Draw inputs, targets and parameters with nonzero biases for one model."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    if model == "regression":
        Y = rng.standard_normal((1, m))
    else:
        Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    parameters = init_parameters(n_x, n_1, seed=seed + 1)
    parameters["b1"] = rng.standard_normal((n_1, 1))
    parameters["b2"] = rng.standard_normal((1, 1))
    return X, Y, parameters


def analytic_gradients(parameters, X, Y, model):
    _, cache = forward(X, parameters, model)
    return backward(parameters, cache, Y)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: "x".join(map(str, shape)))
@pytest.mark.parametrize("model", MODELS)
def test_gradient_check_passes(model, shape):
    X, Y, parameters = make_problem(model, *shape)
    errors = gradient_check(parameters, X, Y, model)

    assert sorted(errors) == sorted("d" + name for name in PARAMETER_NAMES)
    for name, error in errors.items():
        assert error < PASS_THRESHOLD, f"{model} {shape}: {name} relative error {error:.2e}"


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("model", MODELS)
def test_gradient_check_passes_other_seeds(model, seed):
    X, Y, parameters = make_problem(model, 4, 6, 9, seed=seed)
    errors = gradient_check(parameters, X, Y, model)

    for name, error in errors.items():
        assert error < PASS_THRESHOLD, f"{model} seed {seed}: {name} relative error {error:.2e}"


@pytest.mark.parametrize("model", MODELS)
def test_gradient_check_zero_biases(model):
    # The initial state of training: biases exactly zero.
    X, Y, _ = make_problem(model, 3, 4, 6)
    errors = gradient_check(init_parameters(3, 4, seed=9), X, Y, model)

    for name, error in errors.items():
        assert error < PASS_THRESHOLD, f"{model}: {name} relative error {error:.2e}"


@pytest.mark.parametrize("model", MODELS)
def test_numerical_gradients_match_backward(model):
    X, Y, parameters = make_problem(model, 3, 5, 7)
    numeric = numerical_gradients(parameters, X, Y, model)
    analytic = analytic_gradients(parameters, X, Y, model)

    for name in PARAMETER_NAMES:
        key = "d" + name
        assert numeric[key].shape == parameters[name].shape, key
        np.testing.assert_allclose(numeric[key], analytic[key], rtol=1e-5, atol=1e-9, err_msg=key)


def test_numerical_gradients_keep_parameters():
    X, Y, parameters = make_problem("classification", 2, 3, 4)
    before = {name: value.copy() for name, value in parameters.items()}

    numerical_gradients(parameters, X, Y, "classification")

    for name in PARAMETER_NAMES:
        np.testing.assert_array_equal(parameters[name], before[name], err_msg=name)


def test_gradient_check_float32_parameters():
    # The check upcasts to float64, so float32 parameters still pass.
    X, Y, parameters = make_problem("regression", 2, 3, 4)
    single = {name: value.astype(np.float32) for name, value in parameters.items()}
    errors = gradient_check(single, X, Y, "regression")

    for name, error in errors.items():
        assert error < PASS_THRESHOLD, f"{name} relative error {error:.2e}"


def scale_dW1(gradients, parameters, cache):
    gradients["dW1"] = gradients["dW1"] * 1.01
    return gradients


def flip_db2(gradients, parameters, cache):
    gradients["db2"] = -gradients["db2"]
    return gradients


def transpose_dW1(gradients, parameters, cache):
    gradients["dW1"] = gradients["dW1"].T.copy()
    return gradients


def drop_sigmoid_slope(gradients, parameters, cache):
    # dZ1 = dA1 without the factor sigma'(Z1) = A1 (1 - A1).
    dZ1 = gradients["dA1"]
    gradients["dW1"] = dZ1 @ cache.X.T
    gradients["db1"] = dZ1.sum(axis=1, keepdims=True)
    return gradients


def drop_batch_mean(gradients, parameters, cache):
    m = cache.X.shape[1]
    return {name: value * m for name, value in gradients.items()}


WRONG_BACKWARDS = {
    "dW1 times 1.01": (scale_dW1, ["dW1"]),
    "db2 sign flipped": (flip_db2, ["db2"]),
    "dW1 transposed": (transpose_dW1, ["dW1"]),
    "sigmoid slope dropped": (drop_sigmoid_slope, ["dW1", "db1"]),
    "1/m dropped": (drop_batch_mean, ["dW1", "db1", "dW2", "db2"]),
}


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("mistake", WRONG_BACKWARDS)
def test_gradient_check_catches_mistake(mistake, model, monkeypatch):
    corrupt, broken = WRONG_BACKWARDS[mistake]

    def wrong_backward(parameters, cache, Y):
        return corrupt(backward(parameters, cache, Y), parameters, cache)

    # A square W1 lets the transposed gradient keep its shape.
    X, Y, parameters = make_problem(model, 4, 4, 6, seed=3)
    monkeypatch.setattr(backprop.gradcheck, "backward", wrong_backward)
    errors = gradient_check(parameters, X, Y, model)

    for name in broken:
        assert errors[name] > FAIL_THRESHOLD, f"{mistake}: {name} relative error {errors[name]:.2e}"
    for name in set(errors) - set(broken):
        assert errors[name] < PASS_THRESHOLD, f"{mistake}: untouched {name} relative error {errors[name]:.2e}"


def test_scaled_gradient_relative_error():
    # relative_error(1.01 g, g) = 0.01 / 2.01 for any nonzero g.
    X, Y, parameters = make_problem("regression", 2, 3, 5)
    analytic = analytic_gradients(parameters, X, Y, "regression")
    numeric = numerical_gradients(parameters, X, Y, "regression")

    error = relative_error(analytic["dW1"] * 1.01, numeric["dW1"])

    assert error > FAIL_THRESHOLD
    assert error == pytest.approx(0.01 / 2.01, rel=1e-4)


def test_relative_error_identical_is_zero():
    assert relative_error([1.0, -2.0, 3.0], [1.0, -2.0, 3.0]) == 0.0


def test_relative_error_opposite_is_one():
    assert relative_error([[1.0, 2.0]], [[-1.0, -2.0]]) == 1.0


def test_relative_error_both_zero():
    assert relative_error(np.zeros((2, 3)), np.zeros((2, 3))) == 0.0


def test_relative_error_hand_value():
    # |(3, -4)| = 5 over |(3, 0)| + |(0, 4)| = 7.
    assert relative_error([3.0, 0.0], [0.0, 4.0]) == pytest.approx(5.0 / 7.0, rel=1e-15)


def test_relative_error_symmetric():
    rng = np.random.default_rng(4)
    first, second = rng.standard_normal(5), rng.standard_normal(5)

    assert relative_error(first, second) == relative_error(second, first)


def test_relative_error_shape_mismatch():
    with pytest.raises(ValueError, match="same shape"):
        relative_error(np.zeros((2, 3)), np.zeros((3, 2)))


def test_relative_error_rejects_nan():
    with pytest.raises(ValueError, match="numeric contains NaN"):
        relative_error([1.0], [np.nan])


@pytest.mark.parametrize("epsilon", [0.0, -1e-6, float("inf")])
def test_numerical_gradients_bad_epsilon(epsilon):
    X, Y, parameters = make_problem("regression", 1, 1, 1)

    with pytest.raises(ValueError, match="epsilon"):
        numerical_gradients(parameters, X, Y, "regression", epsilon=epsilon)
