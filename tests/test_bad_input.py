"""The bad-input table: every kind of misuse the public functions reject, and how.

Each row calls one public function with one thing wrong. It names the
exception the call must raise and fragments that the message must contain:
the argument's name, what it received (a value, a shape or a dtype) and what
was expected. A row that raises the right exception with a vague message
fails.
"""

from __future__ import annotations

import numpy as np
import pytest

from backprop import (
    Cache,
    backward,
    binary_cross_entropy,
    binary_cross_entropy_gradient,
    compute_loss,
    forward,
    gradient_check,
    half_mse,
    init_parameters,
    make_regression,
    make_two_class,
    numerical_gradients,
    relative_error,
    sigmoid,
    sigmoid_derivative,
    train,
    update_parameters,
)

N_X, N_1, M = 3, 4, 5
X = np.random.default_rng(0).standard_normal((N_X, M))
Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])


def parameters(**changes):
    """Valid parameters for (N_X, N_1), with some entries replaced."""
    return {**init_parameters(N_X, N_1, seed=1), **changes}


def gradients(**changes):
    """Valid gradients for parameters(), with some entries replaced."""
    shapes = {"dW1": (N_1, N_X), "db1": (N_1, 1), "dW2": (1, N_1), "db2": (1, 1)}
    return {**{name: np.full(shape, 0.1) for name, shape in shapes.items()}, **changes}


def cache(model="classification"):
    return forward(X, parameters(), model)[1]


def with_entry(array, index, value):
    changed = np.array(array, dtype=np.float64)
    changed[index] = value
    return changed


def train_with(**changes):
    arguments = {"X": X, "Y": Y, "model": "classification", "n_1": 3, "learning_rate": 0.1, "num_iterations": 5}
    arguments.update(changes)
    return train(**arguments)


# (id, call, exception, fragments of the message)
BAD_INPUTS = [
    # Shapes of X, Y and the parameters that do not fit together.
    ("X rows differ from W1 columns", lambda: forward(np.zeros((N_X + 1, M)), parameters(), "regression"),
     ValueError, ["X must have shape (3, ?)", "(n_x, m)", "got shape (4, 5)"]),
    ("X transposed", lambda: forward(X.T, parameters(), "regression"),
     ValueError, ["X must have shape (3, ?)", "got shape (5, 3)"]),
    ("X 1-D", lambda: forward(np.zeros(N_X), parameters(), "regression"),
     ValueError, ["X must be a 2-D array with examples as columns", "got shape (3,)", "X.reshape(-1, 1)"]),
    ("X 3-D", lambda: forward(np.zeros((N_X, M, 2)), parameters(), "regression"),
     ValueError, ["X must be a 2-D array", "got shape (3, 5, 2)", "expected shape (3, ?)"]),
    ("X empty batch", lambda: forward(np.zeros((N_X, 0)), parameters(), "regression"),
     ValueError, ["X has no examples", "(3, 0)", "at least one column"]),
    ("Y of shape (m,) against A2 of shape (1, m)", lambda: backward(parameters(), cache(), Y.ravel()),
     ValueError, ["Y must be a 2-D array with examples as columns", "got shape (5,)", "Y.reshape(1, -1)"]),
    ("Y of shape (m, 1)", lambda: backward(parameters(), cache(), Y.T),
     ValueError, ["Y must have shape (1, 5)", "got shape (5, 1)", "Y.T"]),
    ("Y with fewer examples than X", lambda: compute_loss(cache(), Y[:, :-1]),
     ValueError, ["Y must have shape (1, 5)", "got shape (1, 4)"]),
    ("Y of shape (m,) in half_mse", lambda: half_mse(np.zeros((1, M)), np.zeros(M)),
     ValueError, ["Y must be a 2-D array", "got shape (5,)", "reshape"]),
    ("Z2 with two rows", lambda: binary_cross_entropy(np.zeros((2, M)), Y),
     ValueError, ["Z2 must have shape (1, ?)", "got shape (2, 5)"]),
    ("train with Y of shape (m,)", lambda: train_with(Y=Y.ravel()),
     ValueError, ["Y must be a 2-D array", "got shape (5,)", "Y.reshape(1, -1)"]),
    # Wrong parameter shapes.
    ("b1 of shape (n_1,)", lambda: forward(X, parameters(b1=np.zeros(N_1)), "regression"),
     ValueError, ["b1 must be a 2-D array of shape (4, 1)", "(n_1, 1)", "got shape (4,)", "b1.reshape(-1, 1)"]),
    ("b1 of shape (1, n_1)", lambda: forward(X, parameters(b1=np.zeros((1, N_1))), "regression"),
     ValueError, ["b1 must have shape (4, 1)", "got shape (1, 4)", "b1.T"]),
    ("W2 of shape (n_1, 1)", lambda: forward(X, parameters(W2=np.zeros((N_1, 1))), "regression"),
     ValueError, ["W2 must have shape (1, 4)", "(1, n_1)", "got shape (4, 1)"]),
    ("W2 one unit too wide", lambda: forward(X, parameters(W2=np.zeros((1, N_1 + 1))), "regression"),
     ValueError, ["W2 must have shape (1, 4)", "got shape (1, 5)"]),
    ("b2 a scalar", lambda: forward(X, parameters(b2=0.0), "regression"),
     ValueError, ["b2 must be a 2-D array of shape (1, 1)", "got shape ()"]),
    ("W1 with no hidden unit", lambda: forward(X, parameters(W1=np.zeros((0, N_X))), "regression"),
     ValueError, ["W1 is empty", "(0, 3)", "(n_1, n_x)", "at least 1"]),
    ("parameters from another network", lambda: backward(init_parameters(N_X, N_1 + 2), cache(), Y),
     ValueError, ["W1 has shape (6, 3)", "4 hidden units", "3 input features"]),
    ("gradient of the wrong shape", lambda: update_parameters(parameters(), gradients(dW1=np.zeros((N_X, N_1))), 0.1),
     ValueError, ["dW1 must have shape (4, 3)", "got shape (3, 4)"]),
    ("parameters missing b2", lambda: forward(X, {"W1": parameters()["W1"]}, "regression"),
     ValueError, ["parameters is missing ['b1', 'W2', 'b2']", "got the keys ['W1']"]),
    ("gradients missing db2", lambda: update_parameters(parameters(), {"dW1": np.zeros((N_1, N_X))}, 0.1),
     ValueError, ["gradients is missing ['db1', 'dW2', 'db2']", "got the keys ['dW1']"]),
    ("parameters a list", lambda: forward(X, list(parameters().values()), "regression"),
     TypeError, ["parameters must be a dict", "got list"]),
    ("gradients a tuple", lambda: update_parameters(parameters(), tuple(gradients().values()), 0.1),
     TypeError, ["gradients must be the dict", "got tuple"]),
    ("cache a dict", lambda: backward(parameters(), {"A2": np.zeros((1, M))}, Y),
     TypeError, ["cache must be the Cache", "got dict"]),
    ("cache built by hand with mismatched m",
     lambda: backward(parameters(), Cache("regression", X, np.zeros((N_1, M)), np.zeros((N_1, M + 1)),
                                          np.zeros((1, M)), np.zeros((1, M))), Y),
     ValueError, ["cache contains X of shape (3, 5), A1 of shape (4, 6)", "same number of examples"]),
    # Labels outside {0, 1} for classification.
    ("label 2", lambda: backward(parameters(), cache(), with_entry(Y, (0, 2), 2.0)),
     ValueError, ["Y must contain only the labels 0 and 1", "got 2.0 at index (0, 2)"]),
    ("label -1", lambda: compute_loss(cache(), with_entry(Y, (0, 0), -1.0)),
     ValueError, ["Y must contain only the labels 0 and 1", "got -1.0 at index (0, 0)"]),
    ("soft label 0.5", lambda: binary_cross_entropy_gradient(np.zeros((1, M)), np.full((1, M), 0.5)),
     ValueError, ["Y must contain only the labels 0 and 1", "got 0.5", "4 more"]),
    ("train with labels 1 and 2", lambda: train_with(Y=Y + 1),
     ValueError, ["Y must contain only the labels 0 and 1", "got 2.0 at index (0, 1)"]),
    # NaN and infinities.
    ("NaN in X", lambda: forward(with_entry(X, (1, 2), np.nan), parameters(), "regression"),
     ValueError, ["X contains NaN", "at index (1, 2)", "shape (3, 5)"]),
    ("Inf in X", lambda: forward(with_entry(X, (0, 4), np.inf), parameters(), "regression"),
     ValueError, ["X contains an infinite value", "inf at index (0, 4)", "expected finite numbers"]),
    ("-Inf in X for train", lambda: train_with(X=with_entry(X, (2, 0), -np.inf)),
     ValueError, ["X contains an infinite value", "-inf at index (2, 0)"]),
    ("NaN in Y for regression", lambda: compute_loss(cache("regression"), with_entry(Y, (0, 3), np.nan)),
     ValueError, ["Y contains NaN", "at index (0, 3)"]),
    ("Inf in Y for regression", lambda: backward(parameters(), cache("regression"), with_entry(Y, (0, 1), np.inf)),
     ValueError, ["Y contains an infinite value", "inf at index (0, 1)"]),
    ("NaN in W1", lambda: forward(X, parameters(W1=with_entry(parameters()["W1"], (3, 1), np.nan)), "regression"),
     ValueError, ["W1 contains NaN", "at index (3, 1)", "shape (4, 3)"]),
    ("Inf in b2", lambda: forward(X, parameters(b2=np.array([[np.inf]])), "regression"),
     ValueError, ["b2 contains an infinite value", "inf at index (0, 0)"]),
    ("NaN in a gradient", lambda: update_parameters(parameters(), gradients(db1=np.full((N_1, 1), np.nan)), 0.1),
     ValueError, ["db1 contains NaN", "at index (0, 0)", "3 more"]),
    ("NaN into the sigmoid", lambda: sigmoid([0.0, np.nan]),
     ValueError, ["z contains NaN", "at index (1,)"]),
    ("Inf logits in cross-entropy", lambda: binary_cross_entropy(np.array([[np.inf, 0.0]]), np.array([[1.0, 0.0]])),
     ValueError, ["Z2 contains an infinite value", "inf at index (0, 0)"]),
    ("Inf in a gradient to compare", lambda: relative_error([1.0, np.inf], [1.0, 2.0]),
     ValueError, ["analytic contains an infinite value", "inf at index (1,)"]),
    # Integer, boolean, complex, string and object dtypes.
    ("integer W1", lambda: forward(X, parameters(W1=np.ones((N_1, N_X), dtype=np.int64)), "regression"),
     TypeError, ["W1 must be a float32 or float64 array", "dtype int64", "W1.astype(np.float64)"]),
    ("integer b1 from a list", lambda: forward(X, parameters(b1=[[0], [0], [0], [0]]), "regression"),
     TypeError, ["b1 must be a float32 or float64 array", "got list", "dtype int64"]),
    ("integer gradient", lambda: update_parameters(parameters(), gradients(db2=np.zeros((1, 1), dtype=np.int32)), 0.1),
     TypeError, ["db2 must be a float32 or float64 array", "dtype int32"]),
    ("boolean X", lambda: forward(X > 0, parameters(), "regression"),
     TypeError, ["X must contain real numbers", "shape (3, 5) and dtype bool"]),
    ("boolean labels", lambda: backward(parameters(), cache(), Y.astype(bool)),
     TypeError, ["Y must contain real numbers", "dtype bool"]),
    ("boolean W2", lambda: forward(X, parameters(W2=np.ones((1, N_1), dtype=bool)), "regression"),
     TypeError, ["W2 must contain real numbers", "dtype bool"]),
    ("boolean scalar into the sigmoid", lambda: sigmoid(True),
     TypeError, ["z must contain real numbers", "got bool True"]),
    ("complex X", lambda: forward(X.astype(complex), parameters(), "regression"),
     TypeError, ["X must contain real numbers", "dtype complex128"]),
    ("object X", lambda: forward(np.array([[1.0, None]], dtype=object), init_parameters(1, 2), "regression"),
     TypeError, ["X must contain real numbers", "shape (1, 2) and dtype object"]),
    ("string X", lambda: forward([["1.0", "2.0"]], init_parameters(2, 2), "regression"),
     TypeError, ["X must contain real numbers", "got list", "dtype <U3"]),
    ("ragged X", lambda: forward([[1.0, 2.0], [3.0]], init_parameters(2, 2), "regression"),
     TypeError, ["X must be an array of real numbers", "got list [[1.0, 2.0], [3.0]]"]),
    ("masked X", lambda: forward(np.ma.masked_less(X, 0), parameters(), "regression"),
     TypeError, ["X must be a plain array", "masked array of shape (3, 5)"]),
    ("string into sigmoid_derivative", lambda: sigmoid_derivative("0.5"),
     TypeError, ["z must contain real numbers", "str '0.5'", "dtype <U3"]),
    # Layer sizes, learning rate, iterations, seeds, epsilon, noise.
    ("zero hidden units", lambda: init_parameters(N_X, 0),
     ValueError, ["n_1 must be a positive integer", "got 0"]),
    ("negative input count", lambda: init_parameters(-2, N_1),
     ValueError, ["n_x must be a positive integer", "got -2"]),
    ("fractional hidden units", lambda: init_parameters(N_X, 2.5),
     TypeError, ["n_1 must be a positive integer", "got float 2.5"]),
    ("boolean hidden units", lambda: train_with(n_1=True),
     TypeError, ["n_1 must be a positive integer", "got bool True"]),
    ("zero learning rate", lambda: update_parameters(parameters(), gradients(), 0.0),
     ValueError, ["learning_rate must be a finite positive number", "got 0.0"]),
    ("negative learning rate", lambda: train_with(learning_rate=-0.5),
     ValueError, ["learning_rate must be a finite positive number", "got -0.5"]),
    ("NaN learning rate", lambda: train_with(learning_rate=float("nan")),
     ValueError, ["learning_rate must be a finite positive number", "got nan"]),
    ("infinite learning rate", lambda: update_parameters(parameters(), gradients(), float("inf")),
     ValueError, ["learning_rate must be a finite positive number", "got inf"]),
    ("learning rate as a string", lambda: train_with(learning_rate="0.1"),
     TypeError, ["learning_rate must be a positive real number", "got str '0.1'"]),
    ("learning rate so large that training diverges",
     lambda: train(*make_regression(m=20, seed=0), "regression", n_1=3, learning_rate=1e6, num_iterations=100),
     ValueError, ["training diverged", "lower learning_rate", "got 1000000.0"]),
    ("zero iterations", lambda: train_with(num_iterations=0),
     ValueError, ["num_iterations must be a positive integer", "got 0"]),
    ("fractional iterations", lambda: train_with(num_iterations=10.0),
     TypeError, ["num_iterations must be a positive integer", "got float 10.0"]),
    ("seed as a string", lambda: init_parameters(N_X, N_1, seed="0"),
     TypeError, ["seed must be a non-negative integer or None", "got str '0'"]),
    ("negative seed", lambda: make_two_class(m=10, seed=-3),
     ValueError, ["seed must be a non-negative integer or None", "got -3"]),
    ("fractional seed", lambda: train_with(seed=1.5),
     TypeError, ["seed must be a non-negative integer or None", "got float 1.5"]),
    ("zero epsilon", lambda: numerical_gradients(parameters(), X, Y, "regression", epsilon=0.0),
     ValueError, ["epsilon must be a finite positive number", "got 0.0"]),
    ("NaN epsilon in gradient_check", lambda: gradient_check(parameters(), X, Y, "regression", epsilon=float("nan")),
     ValueError, ["epsilon must be a finite positive number", "got nan"]),
    ("negative noise", lambda: make_regression(m=10, noise=-0.1),
     ValueError, ["noise must be a finite number >= 0", "got -0.1"]),
    ("empty data set", lambda: make_regression(m=0),
     ValueError, ["m must be a positive integer", "got 0"]),
    # Unknown model kinds.
    ("unknown model name", lambda: forward(X, parameters(), "logistic"),
     ValueError, ["model must be one of ('regression', 'classification')", "got str 'logistic'"]),
    ("model name in capitals", lambda: train_with(model="Classification"),
     ValueError, ["model must be one of", "got str 'Classification'"]),
    ("model None", lambda: forward(X, parameters(), None),
     TypeError, ["model must be one of the strings", "got NoneType None"]),
    ("model an array", lambda: forward(X, parameters(), np.array("regression")),
     TypeError, ["model must be one of the strings", "dtype <U10"]),
    ("cache with an unknown model",
     lambda: backward(parameters(), Cache("softmax", X, np.zeros((N_1, M)), np.zeros((N_1, M)),
                                          np.zeros((1, M)), np.zeros((1, M))), Y),
     ValueError, ["cache.model must be one of", "got str 'softmax'"]),
]


@pytest.mark.parametrize(
    ("call", "error", "fragments"),
    [pytest.param(call, error, fragments, id=case) for case, call, error, fragments in BAD_INPUTS],
)
def test_bad_input_rejected(call, error, fragments):
    with pytest.raises(error) as caught:
        call()

    message = str(caught.value)
    missing = [fragment for fragment in fragments if fragment not in message]
    assert not missing, f"message {message!r} lacks {missing}"


def test_table_has_distinct_cases():
    cases = [case for case, *_ in BAD_INPUTS]

    assert len(cases) == len(set(cases))
    assert len(cases) >= 20
