"""Tests of the gradient-descent step and of full-batch training."""

import numpy as np
import pytest

from backprop import (
    backward,
    compute_loss,
    forward,
    init_parameters,
    make_regression,
    make_two_class,
    train,
    train_reference,
    update_parameters,
)
from backprop.figures import CLASSIFICATION_RUN, REGRESSION_RUN

PARAMETER_NAMES = ("W1", "b1", "W2", "b2")
# Short runs: enough iterations to see the loss fall, few enough to keep the suite fast.
SHORT_RUNS = {
    "regression": {"n_1": 8, "learning_rate": 0.5, "num_iterations": 200},
    "classification": {"n_1": 8, "learning_rate": 2.0, "num_iterations": 200},
}


def dataset(model):
    if model == "regression":
        return make_regression(m=60, seed=0)
    return make_two_class(m=100, seed=0)


def constant_gradients(value):
    shapes = {"W1": (3, 2), "b1": (3, 1), "W2": (1, 3), "b2": (1, 1)}
    return {"d" + name: np.full(shape, value) for name, shape in shapes.items()}


@pytest.mark.parametrize("model", ["regression", "classification"])
def test_train_returns_one_loss_per_step(model):
    X, Y = dataset(model)
    parameters, losses = train(X, Y, model, **SHORT_RUNS[model])

    assert len(losses) == SHORT_RUNS[model]["num_iterations"]
    assert all(type(loss) is float for loss in losses)
    assert parameters["W1"].shape == (SHORT_RUNS[model]["n_1"], X.shape[0])


@pytest.mark.parametrize("model", ["regression", "classification"])
def test_train_loss_decreases(model):
    X, Y = dataset(model)
    _, losses = train(X, Y, model, **SHORT_RUNS[model])

    assert losses[-1] < 0.5 * losses[0]


@pytest.mark.parametrize("model", ["regression", "classification"])
def test_train_first_loss_is_initial(model):
    # The first recorded loss belongs to the untrained network from init_parameters.
    X, Y = dataset(model)
    _, losses = train(X, Y, model, n_1=5, learning_rate=0.1, num_iterations=3, seed=4)
    _, cache = forward(X, init_parameters(X.shape[0], 5, seed=4), model)

    # train() computes the same sums in another order (the bias rides in the matrix product).
    assert losses[0] == pytest.approx(compute_loss(cache, Y), rel=1e-12)


@pytest.mark.parametrize("model", ["regression", "classification"])
def test_train_returns_final_parameters(model):
    # The returned parameters have taken all num_iterations steps, one past the last recorded loss.
    X, Y = dataset(model)
    parameters, losses = train(X, Y, model, n_1=5, learning_rate=0.5, num_iterations=10)
    _, cache = forward(X, parameters, model)

    assert compute_loss(cache, Y) < losses[-1]


def test_train_regression_fits_target():
    X, Y = make_regression(seed=0)
    _, losses = train(X, Y, "regression", **REGRESSION_RUN)

    # Noise of standard deviation 0.1 sets a floor of about 0.1**2 / 2 = 0.005 on the half MSE.
    assert losses[-1] < 0.01


def test_classifier_training_accuracy():
    X, Y = make_two_class(seed=0)
    parameters, _ = train(X, Y, "classification", **CLASSIFICATION_RUN)
    A2, _ = forward(X, parameters, "classification")
    accuracy = np.mean((A2 > 0.5) == (Y == 1))

    assert accuracy >= 0.95


@pytest.mark.parametrize("model", ["regression", "classification"])
def test_train_same_seed_identical(model):
    X, Y = dataset(model)
    first_parameters, first_losses = train(X, Y, model, n_1=6, learning_rate=0.5, num_iterations=50, seed=3)
    second_parameters, second_losses = train(X, Y, model, n_1=6, learning_rate=0.5, num_iterations=50, seed=3)

    assert first_losses == second_losses
    for name in PARAMETER_NAMES:
        np.testing.assert_array_equal(first_parameters[name], second_parameters[name], err_msg=name)


def test_train_different_seed_differs():
    X, Y = dataset("regression")
    _, first_losses = train(X, Y, "regression", n_1=6, learning_rate=0.5, num_iterations=5, seed=3)
    _, second_losses = train(X, Y, "regression", n_1=6, learning_rate=0.5, num_iterations=5, seed=4)

    assert first_losses != second_losses


def test_update_parameters_step():
    parameters = init_parameters(2, 3, seed=0)
    gradients = backward(parameters, forward(np.ones((2, 4)), parameters, "regression")[1], np.zeros((1, 4)))
    updated = update_parameters(parameters, gradients, learning_rate=0.3)

    for name in PARAMETER_NAMES:
        expected = parameters[name] - 0.3 * gradients["d" + name]
        np.testing.assert_allclose(updated[name], expected, rtol=1e-15, err_msg=name)


def test_update_parameters_constant_gradient():
    parameters = init_parameters(2, 3, seed=0)
    updated = update_parameters(parameters, constant_gradients(2.0), learning_rate=0.25)

    for name in PARAMETER_NAMES:
        np.testing.assert_allclose(updated[name], parameters[name] - 0.5, rtol=1e-15, err_msg=name)


def test_update_parameters_keeps_inputs():
    parameters = init_parameters(2, 3, seed=0)
    gradients = constant_gradients(1.0)
    parameters_before = {name: value.copy() for name, value in parameters.items()}
    gradients_before = {name: value.copy() for name, value in gradients.items()}

    updated = update_parameters(parameters, gradients, learning_rate=0.1)

    for name in PARAMETER_NAMES:
        np.testing.assert_array_equal(parameters[name], parameters_before[name], err_msg=name)
        np.testing.assert_array_equal(gradients["d" + name], gradients_before["d" + name], err_msg=name)
        assert not np.shares_memory(updated[name], parameters[name]), name


@pytest.mark.parametrize("learning_rate", [0.0, -0.1, float("nan"), float("inf")])
def test_update_rejects_bad_learning_rate(learning_rate):
    with pytest.raises(ValueError, match="learning_rate must be a finite positive number"):
        update_parameters(init_parameters(2, 3), constant_gradients(1.0), learning_rate)


@pytest.mark.parametrize("learning_rate", [0.0, -0.1, float("nan"), float("inf")])
def test_train_rejects_bad_learning_rate(learning_rate):
    X, Y = dataset("regression")

    with pytest.raises(ValueError, match="learning_rate must be a finite positive number"):
        train(X, Y, "regression", n_1=3, learning_rate=learning_rate, num_iterations=5)


@pytest.mark.parametrize("learning_rate", ["0.1", None, True])
def test_learning_rate_must_be_real(learning_rate):
    with pytest.raises(TypeError, match="learning_rate must be a positive real number"):
        update_parameters(init_parameters(2, 3), constant_gradients(1.0), learning_rate)


@pytest.mark.parametrize(("num_iterations", "error"), [(0, ValueError), (-5, ValueError), (10.0, TypeError)])
def test_train_rejects_bad_iterations(num_iterations, error):
    X, Y = dataset("regression")

    with pytest.raises(error, match="num_iterations must be a positive integer"):
        train(X, Y, "regression", n_1=3, learning_rate=0.1, num_iterations=num_iterations)


def test_update_wrong_gradient_shape():
    gradients = constant_gradients(1.0)
    gradients["dW1"] = np.ones((2, 3))

    with pytest.raises(ValueError, match=r"dW1 must have shape \(3, 2\)"):
        update_parameters(init_parameters(2, 3), gradients, learning_rate=0.1)


def test_update_missing_gradient():
    gradients = constant_gradients(1.0)
    del gradients["db2"]

    with pytest.raises(ValueError, match=r"gradients is missing \['db2'\]"):
        update_parameters(init_parameters(2, 3), gradients, learning_rate=0.1)


def test_train_classification_rejects_bad_labels():
    X, Y = make_two_class(m=10, seed=0)
    Y[0, 0] = 2.0

    with pytest.raises(ValueError, match="Y must contain only the labels 0 and 1"):
        train(X, Y, "classification", n_1=3, learning_rate=0.1, num_iterations=5)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("model", ["regression", "classification"])
def test_train_matches_reference(model, dtype):
    # train() takes its steps in place; train_reference() calls forward, backward and
    # update_parameters. Both must give the same losses and parameters, up to rounding.
    X, Y = dataset(model)
    settings = {**SHORT_RUNS[model], "num_iterations": 100, "seed": 2}
    parameters, losses = train(X.astype(dtype), Y, model, **settings)
    expected_parameters, expected_losses = train_reference(X.astype(dtype), Y, model, **settings)

    rtol = {np.float64: 1e-10, np.float32: 1e-4}[dtype]
    np.testing.assert_allclose(losses, expected_losses, rtol=rtol)
    for name in PARAMETER_NAMES:
        assert parameters[name].dtype == dtype, name
        np.testing.assert_allclose(parameters[name], expected_parameters[name], rtol=rtol, atol=rtol, err_msg=name)


def test_train_does_not_modify_inputs():
    X, Y = dataset("classification")
    X_before, Y_before = X.copy(), Y.copy()

    train(X, Y, "classification", n_1=3, learning_rate=0.5, num_iterations=5)

    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(Y, Y_before)
