"""Property-based tests: the backward pass over random shapes and values.

Hypothesis draws the network's shape (n_x, n_1, m), the inputs, the targets
and the parameters, and each test states a property that must hold for all
of them. The runs are derandomized, so every CI run draws the same examples,
and small, so the whole module takes a few seconds.
"""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from backprop import (
    MODELS,
    Cache,
    backward,
    compute_loss,
    forward,
    gradient_check,
    numerical_gradients,
    update_parameters,
)
from backprop.training import InPlaceStep

PARAMETER_NAMES = ("W1", "b1", "W2", "b2")
PROPERTY_SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, database=None)

# Values of order one, as after standardising the inputs and initialising the weights.
values = st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False, allow_subnormal=False, width=64)


@st.composite
def problems(draw, model=None):
    """Draw (model, X, Y, parameters) for a network of a random shape."""
    model = draw(st.sampled_from(MODELS)) if model is None else model
    n_x = draw(st.integers(1, 5))
    n_1 = draw(st.integers(1, 6))
    m = draw(st.integers(1, 8))
    X = draw(arrays(np.float64, (n_x, m), elements=values))
    if model == "classification":
        Y = draw(arrays(np.float64, (1, m), elements=st.sampled_from([0.0, 1.0])))
    else:
        Y = draw(arrays(np.float64, (1, m), elements=values))
    shapes = {"W1": (n_1, n_x), "b1": (n_1, 1), "W2": (1, n_1), "b2": (1, 1)}
    parameters = {name: draw(arrays(np.float64, shape, elements=values)) for name, shape in shapes.items()}
    return model, X, Y, parameters


def gradients_of(model, X, Y, parameters):
    _, cache = forward(X, parameters, model)
    return backward(parameters, cache, Y)


def loss_of(model, X, Y, parameters):
    _, cache = forward(X, parameters, model)
    return compute_loss(cache, Y)


@PROPERTY_SETTINGS
@given(problems())
def test_every_gradient_has_its_variables_shape(problem):
    model, X, Y, parameters = problem
    _, cache = forward(X, parameters, model)
    gradients = backward(parameters, cache, Y)

    for name in PARAMETER_NAMES:
        assert gradients["d" + name].shape == parameters[name].shape, name
    for name in ("Z2", "A1", "Z1"):
        assert gradients["d" + name].shape == getattr(cache, name).shape, name
    assert gradients["dA1"].shape == cache.A1.shape


@PROPERTY_SETTINGS
@given(problems())
def test_gradient_check_passes(problem):
    model, X, Y, parameters = problem
    errors = gradient_check(parameters, X, Y, model)
    gradients = gradients_of(model, X, Y, parameters)

    for name, error in errors.items():
        if np.linalg.norm(gradients[name]) > 1e-3:
            assert error < 1e-7, f"{model}: {name} relative error {error:.2e}"
        else:
            # Near zero the finite-difference noise, about 1e-10 per entry, is of the
            # gradient's own size and the relative error means nothing; compare absolutely.
            numeric = numerical_gradients(parameters, X, Y, model)[name]
            np.testing.assert_allclose(gradients[name], numeric, rtol=0, atol=1e-8, err_msg=name)


@PROPERTY_SETTINGS
@given(problems(model="classification"), st.integers(0, 2**32 - 1))
def test_both_models_share_the_backward_pass(problem, seed):
    # Give both models the same cache, so the same dZ2 = (A2 - Y) / m: everything
    # backward returns must then be identical, bit for bit.
    _, X, Y, parameters = problem
    _, cache = forward(X, parameters, "classification")
    A2 = np.random.default_rng(seed).uniform(0.0, 1.0, size=cache.A2.shape)
    shared = {"X": X, "Z1": cache.Z1, "A1": cache.A1, "Z2": cache.Z2, "A2": A2}

    as_regression = backward(parameters, Cache(model="regression", **shared), Y)
    as_classification = backward(parameters, Cache(model="classification", **shared), Y)

    assert as_regression.keys() == as_classification.keys()
    for name in as_regression:
        np.testing.assert_array_equal(as_regression[name], as_classification[name], err_msg=name)


@PROPERTY_SETTINGS
@given(problems())
def test_small_gradient_step_lowers_the_loss(problem):
    model, X, Y, parameters = problem
    gradients = gradients_of(model, X, Y, parameters)
    norm = np.sqrt(sum(np.sum(gradients["d" + name] ** 2) for name in PARAMETER_NAMES))
    # With no slope there is nothing to descend, and below 1e-4 the decrease
    # drowns in the rounding of the loss.
    assume(norm > 1e-4)
    # The curvature of these losses is bounded for values of order one, so a
    # step of 1e-3 / max(1, |g|) is small enough for the first-order decrease to win.
    learning_rate = 1e-3 / max(1.0, norm)

    before = loss_of(model, X, Y, parameters)
    after = loss_of(model, X, Y, update_parameters(parameters, gradients, learning_rate))

    assert after < before


@PROPERTY_SETTINGS
@given(problems(), st.sampled_from([np.float64, np.float32]))
def test_in_place_step_matches_the_readable_step(problem, dtype):
    # The fast step train() takes gives the loss and parameters of forward, compute_loss,
    # backward and update_parameters, up to rounding.
    model, X, Y, parameters = problem
    X, Y = X.astype(dtype), Y.astype(dtype)
    parameters = {name: value.astype(dtype) for name, value in parameters.items()}
    learning_rate = 0.1

    step = InPlaceStep(X, Y, parameters, model, learning_rate)
    fast_loss = step()
    fast = step.parameters()
    _, cache = forward(X, parameters, model)
    loss = compute_loss(cache, Y)
    readable = update_parameters(parameters, backward(parameters, cache, Y), learning_rate)

    tolerance = {np.float64: 1e-12, np.float32: 1e-5}[dtype]
    scale = max(1.0, loss)
    assert abs(fast_loss - loss) <= tolerance * 10 * scale
    for name in PARAMETER_NAMES:
        assert fast[name].dtype == dtype, name
        np.testing.assert_allclose(fast[name], readable[name], rtol=tolerance, atol=tolerance * 10, err_msg=name)
