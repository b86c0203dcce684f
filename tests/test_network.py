"""Tests of parameter initialisation, the forward pass and the backward pass."""

import numpy as np
import pytest

from backprop import MODELS, Cache, backward, compute_loss, forward, init_parameters, sigmoid

N_X, N_1, M = 3, 4, 5


def random_parameters(n_x=N_X, n_1=N_1, seed=0):
    """Draw parameters with nonzero biases, so that a missing bias term would change the result."""
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.standard_normal((n_1, n_x)),
        "b1": rng.standard_normal((n_1, 1)),
        "W2": rng.standard_normal((1, n_1)),
        "b2": rng.standard_normal((1, 1)),
    }


@pytest.fixture
def parameters():
    return random_parameters()


@pytest.fixture
def X():
    return np.random.default_rng(1).standard_normal((N_X, M))


@pytest.fixture
def Y():
    return np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])


def test_init_parameter_shapes():
    parameters = init_parameters(n_x=N_X, n_1=N_1, seed=0)

    assert parameters["W1"].shape == (N_1, N_X)
    assert parameters["b1"].shape == (N_1, 1)
    assert parameters["W2"].shape == (1, N_1)
    assert parameters["b2"].shape == (1, 1)


def test_init_parameters_float64_zero_biases():
    parameters = init_parameters(n_x=N_X, n_1=N_1, seed=0)

    for name in ("W1", "b1", "W2", "b2"):
        assert parameters[name].dtype == np.float64, name
    assert (parameters["b1"] == 0).all()
    assert (parameters["b2"] == 0).all()


def test_init_same_seed_identical():
    first = init_parameters(N_X, N_1, seed=5)
    second = init_parameters(N_X, N_1, seed=5)

    for name in ("W1", "b1", "W2", "b2"):
        np.testing.assert_array_equal(first[name], second[name], err_msg=name)


def test_init_different_seeds_differ():
    first = init_parameters(N_X, N_1, seed=5)
    second = init_parameters(N_X, N_1, seed=6)

    assert not np.array_equal(first["W1"], second["W1"])
    assert not np.array_equal(first["W2"], second["W2"])


@pytest.mark.parametrize(
    ("n_x", "n_1", "error", "name"),
    [(0, 3, ValueError, "n_x"), (2, -1, ValueError, "n_1"), (2.0, 3, TypeError, "n_x"), (2, True, TypeError, "n_1")],
)
def test_init_rejects_bad_sizes(n_x, n_1, error, name):
    with pytest.raises(error, match=f"{name} must be a positive integer"):
        init_parameters(n_x, n_1)


@pytest.mark.parametrize("model", MODELS)
def test_forward_shapes(model, parameters, X):
    A2, cache = forward(X, parameters, model)

    assert A2.shape == (1, M)
    assert cache.Z1.shape == (N_1, M)
    assert cache.A1.shape == (N_1, M)
    assert cache.Z2.shape == (1, M)
    assert cache.A2.shape == (1, M)
    assert cache.X.shape == (N_X, M)


@pytest.mark.parametrize("model", MODELS)
def test_forward_cache_by_hand(model, parameters, X):
    _, cache = forward(X, parameters, model)
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = 1.0 / (1.0 + np.exp(-Z1))
    Z2 = parameters["W2"] @ A1 + parameters["b2"]

    assert cache.model == model
    np.testing.assert_array_equal(cache.X, X)
    np.testing.assert_allclose(cache.Z1, Z1, rtol=1e-14)
    np.testing.assert_allclose(cache.A1, A1, rtol=1e-14)
    np.testing.assert_allclose(cache.Z2, Z2, rtol=1e-13)


def test_forward_cache_column_by_column(parameters, X):
    # Each column is one example, so the batch pass equals a pass per example.
    _, cache = forward(X, parameters, "classification")

    for i in range(M):
        _, single = forward(X[:, i : i + 1], parameters, "classification")
        np.testing.assert_allclose(cache.Z2[:, i : i + 1], single.Z2, rtol=1e-14, err_msg=f"column {i}")


def test_regression_output_is_identity(parameters, X):
    A2, cache = forward(X, parameters, "regression")

    np.testing.assert_array_equal(A2, cache.Z2)
    np.testing.assert_array_equal(cache.A2, cache.Z2)


def test_classification_output_is_sigmoid(parameters, X):
    A2, cache = forward(X, parameters, "classification")

    np.testing.assert_array_equal(A2, sigmoid(cache.Z2))
    assert ((A2 > 0) & (A2 < 1)).all()


def test_regression_loss_is_half_mse(parameters, X, Y):
    A2, cache = forward(X, parameters, "regression")

    assert compute_loss(cache, Y) == pytest.approx(np.sum((A2 - Y) ** 2) / (2 * M), rel=1e-14)


def test_classification_loss_is_cross_entropy(parameters, X, Y):
    A2, cache = forward(X, parameters, "classification")
    expected = -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))

    assert compute_loss(cache, Y) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("model", MODELS)
def test_backward_gradient_shapes(model, parameters, X, Y):
    _, cache = forward(X, parameters, model)
    gradients = backward(parameters, cache, Y)

    for name in ("W1", "b1", "W2", "b2"):
        assert gradients["d" + name].shape == parameters[name].shape, name
    assert gradients["dZ2"].shape == (1, M)
    assert gradients["dA1"].shape == (N_1, M)
    assert gradients["dZ1"].shape == (N_1, M)


@pytest.mark.parametrize("model", MODELS)
def test_output_error_is_residual(model, parameters, X, Y):
    A2, cache = forward(X, parameters, model)
    gradients = backward(parameters, cache, Y)

    np.testing.assert_allclose(gradients["dZ2"], (A2 - Y) / M, rtol=1e-15)


@pytest.mark.parametrize("model", MODELS)
def test_backward_chain_rule_by_hand(model, parameters, X, Y):
    A2, cache = forward(X, parameters, model)
    gradients = backward(parameters, cache, Y)
    dZ2 = (A2 - Y) / M
    dZ1 = (parameters["W2"].T @ dZ2) * cache.A1 * (1 - cache.A1)

    np.testing.assert_allclose(gradients["dW2"], dZ2 @ cache.A1.T, rtol=1e-13)
    np.testing.assert_allclose(gradients["db2"], dZ2.sum(keepdims=True), rtol=1e-13)
    np.testing.assert_allclose(gradients["dW1"], dZ1 @ X.T, rtol=1e-13)
    np.testing.assert_allclose(gradients["db1"], dZ1.sum(axis=1, keepdims=True), rtol=1e-13)


def test_backward_same_for_both_models(parameters, X, Y):
    # Both caches share the hidden layer and A2, so backward must return the same gradients.
    _, regression_cache = forward(X, parameters, "regression")
    A2 = sigmoid(regression_cache.Z2)
    shared = {"X": X, "Z1": regression_cache.Z1, "A1": regression_cache.A1, "Z2": regression_cache.Z2, "A2": A2}
    as_regression = backward(parameters, Cache(model="regression", **shared), Y)
    as_classification = backward(parameters, Cache(model="classification", **shared), Y)

    for name in ("dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"):
        np.testing.assert_array_equal(as_regression[name], as_classification[name], err_msg=name)


def test_backward_linear_in_residual(parameters, X):
    # Shifting A2 and Y by the same amount leaves A2 - Y, and so every gradient, unchanged.
    _, cache = forward(X, parameters, "regression")
    Y = np.random.default_rng(2).standard_normal((1, M))
    shifted_cache = Cache(model="regression", X=X, Z1=cache.Z1, A1=cache.A1, Z2=cache.Z2 + 3.0, A2=cache.A2 + 3.0)

    original = backward(parameters, cache, Y)
    shifted = backward(parameters, shifted_cache, Y + 3.0)

    for name in ("dW1", "db1", "dW2", "db2"):
        np.testing.assert_allclose(shifted[name], original[name], rtol=1e-12, atol=1e-15, err_msg=name)


def test_forward_does_not_modify_inputs(parameters, X):
    before = {name: value.copy() for name, value in parameters.items()}
    X_before = X.copy()

    forward(X, parameters, "classification")

    np.testing.assert_array_equal(X, X_before)
    for name in before:
        np.testing.assert_array_equal(parameters[name], before[name], err_msg=name)


@pytest.mark.parametrize("model", ["logistic", "Regression", ""])
def test_forward_unknown_model_raises(model, parameters, X):
    with pytest.raises(ValueError, match="model must be one of"):
        forward(X, parameters, model)


@pytest.mark.parametrize("missing", ["W1", "b1", "W2", "b2"])
def test_forward_missing_parameter_raises(missing, parameters, X):
    del parameters[missing]

    with pytest.raises(ValueError, match=f"parameters is missing \\['{missing}'\\]"):
        forward(X, parameters, "regression")


def test_forward_parameters_not_dict(X):
    with pytest.raises(TypeError, match="parameters must be a dict"):
        forward(X, [np.ones((N_1, N_X))], "regression")


@pytest.mark.parametrize(
    ("name", "shape"),
    [("W2", (N_1, 1)), ("W2", (1, N_1 + 1)), ("b1", (1, N_1)), ("b2", (1, 2))],
)
def test_forward_wrong_parameter_shape(name, shape, parameters, X):
    parameters[name] = np.zeros(shape)

    with pytest.raises(ValueError, match=f"{name} must have shape"):
        forward(X, parameters, "regression")


def test_forward_wrong_input_count(parameters):
    X = np.zeros((N_X + 1, M))

    with pytest.raises(ValueError, match=rf"X must have shape \({N_X}, \?\)"):
        forward(X, parameters, "regression")


def test_forward_vector_input_raises(parameters):
    with pytest.raises(ValueError, match=r"X must be a 2-D array"):
        forward(np.zeros(N_X), parameters, "regression")


def test_forward_empty_batch_raises(parameters):
    with pytest.raises(ValueError, match="X has no examples"):
        forward(np.zeros((N_X, 0)), parameters, "regression")


def test_forward_nan_input_raises(parameters, X):
    X[0, 0] = np.nan

    with pytest.raises(ValueError, match="X contains NaN"):
        forward(X, parameters, "regression")


def test_forward_boolean_weights_raise(parameters, X):
    parameters["W1"] = np.ones((N_1, N_X), dtype=bool)

    with pytest.raises(TypeError, match="W1 must contain real numbers"):
        forward(X, parameters, "regression")


@pytest.mark.parametrize("model", MODELS)
def test_backward_vector_labels_raise(model, parameters, X, Y):
    _, cache = forward(X, parameters, model)

    with pytest.raises(ValueError, match=r"Y must be a 2-D array.*reshape"):
        backward(parameters, cache, Y.ravel())


@pytest.mark.parametrize("model", MODELS)
def test_backward_wrong_example_count(model, parameters, X, Y):
    _, cache = forward(X, parameters, model)

    with pytest.raises(ValueError, match=rf"Y must have shape \(1, {M}\)"):
        backward(parameters, cache, Y[:, :-1])


def test_backward_classification_label_two(parameters, X, Y):
    _, cache = forward(X, parameters, "classification")
    Y[0, 2] = 2.0

    with pytest.raises(ValueError, match="Y must contain only the labels 0 and 1"):
        backward(parameters, cache, Y)


def test_compute_loss_classification_label_two(parameters, X, Y):
    _, cache = forward(X, parameters, "classification")
    Y[0, 2] = 2.0

    with pytest.raises(ValueError, match="Y must contain only the labels 0 and 1"):
        compute_loss(cache, Y)


def test_regression_accepts_real_targets(parameters, X):
    _, cache = forward(X, parameters, "regression")
    Y = np.full((1, M), 2.0)

    assert backward(parameters, cache, Y)["dZ2"].shape == (1, M)


def test_backward_rejects_non_cache(parameters, Y):
    with pytest.raises(TypeError, match="cache must be the Cache"):
        backward(parameters, {"A2": np.zeros((1, M))}, Y)


def test_backward_mismatched_hidden_width(parameters, X, Y):
    _, cache = forward(X, parameters, "regression")
    wider = random_parameters(n_1=N_1 + 2)

    with pytest.raises(ValueError, match="W1 has shape"):
        backward(wider, cache, Y)


def test_backward_mismatched_input_width(parameters, X, Y):
    _, cache = forward(X, parameters, "regression")
    other_inputs = random_parameters(n_x=N_X + 1)

    with pytest.raises(ValueError, match="input features"):
        backward(other_inputs, cache, Y)
