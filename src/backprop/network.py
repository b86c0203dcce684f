"""The two-layer network: parameters, the forward pass and the backward pass.

Layout follows the pages: examples are columns, ``X`` has shape ``(n_x, m)``,
the hidden layer has ``n_1`` sigmoid units and the output layer one unit.
The output unit is linear for regression and a sigmoid for binary
classification; that choice is the only place where the two models differ in
this module.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_matrix, check_binary_labels, check_positive_int, check_seed, describe
from .activations import identity, sigmoid
from .losses import binary_cross_entropy, half_mse

#: The two models of the notes, by the name the functions accept.
MODELS = ("regression", "classification")

PARAMETER_NAMES = ("W1", "b1", "W2", "b2")


@dataclass(frozen=True)
class Cache:
    """The values of one forward pass that the backward pass reads again.

    Attributes:
        model: ``"regression"`` or ``"classification"``.
        X: Inputs $A^{[0]} = X$, shape ``(n_x, m)``.
        Z1: Hidden pre-activations $Z^{[1]}$, shape ``(n_1, m)``.
        A1: Hidden activations $A^{[1]} = \\sigma(Z^{[1]})$, shape ``(n_1, m)``.
        Z2: Output pre-activations $Z^{[2]}$, shape ``(1, m)``.
        A2: Outputs $A^{[2]} = \\hat{Y}$, shape ``(1, m)``.
    """

    model: str
    X: np.ndarray
    Z1: np.ndarray
    A1: np.ndarray
    Z2: np.ndarray
    A2: np.ndarray


def check_model(model: object, name: str = "model") -> str:
    """Return ``model`` after checking that it names one of ``MODELS``."""
    if not isinstance(model, str):
        raise TypeError(f"{name} must be one of the strings {MODELS}, got {describe(model)}")
    if model not in MODELS:
        raise ValueError(f"{name} must be one of {MODELS}, got {describe(model)}")
    return model


def check_parameters(parameters: object) -> dict[str, np.ndarray]:
    """Check the four parameter arrays against each other and return them as float arrays.

    The arrays must be float32 or float64 (float16 becomes float64). An
    integer array is rejected, because gradient descent would have to change
    its dtype to move it.

    Raises:
        TypeError: If ``parameters`` is not a dict or an array is not a
            float array.
        ValueError: If a key is missing, a value is NaN or infinite, or a
            shape does not fit: ``W1`` ``(n_1, n_x)``, ``b1`` ``(n_1, 1)``,
            ``W2`` ``(1, n_1)``, ``b2`` ``(1, 1)``, with n_1 and n_x at least 1.
    """
    if not isinstance(parameters, dict):
        raise TypeError(f"parameters must be a dict with keys {PARAMETER_NAMES}, got {describe(parameters)}")
    missing = [name for name in PARAMETER_NAMES if name not in parameters]
    if missing:
        raise ValueError(
            f"parameters is missing {missing}: got the keys {sorted(map(str, parameters))}, "
            f"expected {PARAMETER_NAMES}"
        )
    W1 = as_matrix("W1", parameters["W1"], integers=False, symbols="(n_1, n_x)", examples=False)
    n_1 = W1.shape[0]
    return {
        "W1": W1,
        "b1": as_matrix("b1", parameters["b1"], rows=n_1, cols=1, integers=False, symbols="(n_1, 1)", examples=False),
        "W2": as_matrix("W2", parameters["W2"], rows=1, cols=n_1, integers=False, symbols="(1, n_1)", examples=False),
        "b2": as_matrix("b2", parameters["b2"], rows=1, cols=1, integers=False, symbols="(1, 1)", examples=False),
    }


def init_parameters(n_x: int, n_1: int, *, seed: int = 0) -> dict[str, np.ndarray]:
    r"""Draw the initial weights and zero biases of a network with ``n_x`` inputs and ``n_1`` hidden units.

    Weights are normal with variance $1/n_{l-1}$ (the fan-in), which keeps
    the pre-activations of order one; biases start at zero. The same seed
    gives the same parameters.

    Args:
        n_x: Number of input features, $n_x = n_0$.
        n_1: Number of hidden units.
        seed: Seed of the NumPy random generator, an integer >= 0 (or
            ``None`` for fresh randomness).

    Returns:
        A dict with ``W1`` ``(n_1, n_x)``, ``b1`` ``(n_1, 1)``,
        ``W2`` ``(1, n_1)`` and ``b2`` ``(1, 1)``, all float64.

    Examples:
        >>> from backprop import init_parameters
        >>> parameters = init_parameters(n_x=2, n_1=3, seed=0)
        >>> {name: value.shape for name, value in parameters.items()}
        {'W1': (3, 2), 'b1': (3, 1), 'W2': (1, 3), 'b2': (1, 1)}
    """
    n_x = check_positive_int("n_x", n_x)
    n_1 = check_positive_int("n_1", n_1)
    rng = np.random.default_rng(check_seed("seed", seed))
    return {
        "W1": rng.standard_normal((n_1, n_x)) / np.sqrt(n_x),
        "b1": np.zeros((n_1, 1)),
        "W2": rng.standard_normal((1, n_1)) / np.sqrt(n_1),
        "b2": np.zeros((1, 1)),
    }


def forward(X: ArrayLike, parameters: dict[str, np.ndarray], model: str) -> tuple[np.ndarray, Cache]:
    r"""Run the forward pass over all ``m`` examples at once.

    Computes $Z^{[1]} = W^{[1]} X + b^{[1]}$, $A^{[1]} = \sigma(Z^{[1]})$,
    $Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}$ and $A^{[2]} = g(Z^{[2]})$, where
    $g$ is the identity for regression and $\sigma$ for classification.

    Args:
        X: Inputs, shape ``(n_x, m)``, one example per column.
        parameters: ``W1``, ``b1``, ``W2``, ``b2`` as made by ``init_parameters``.
        model: ``"regression"`` or ``"classification"``.

    Returns:
        The predictions $A^{[2]}$ of shape ``(1, m)``, and the ``Cache``
        that ``backward`` needs. They are float32 when ``X`` and every
        parameter are float32, and float64 otherwise (NumPy's promotion);
        integer inputs ``X`` become float64.

    Examples:
        >>> import numpy as np
        >>> from backprop import forward, init_parameters
        >>> parameters = init_parameters(n_x=2, n_1=3, seed=0)
        >>> X = np.array([[0.0, 1.0, 2.0, 3.0], [1.0, 0.0, 1.0, 0.0]])
        >>> A2, cache = forward(X, parameters, "classification")
        >>> A2.shape, cache.Z1.shape
        ((1, 4), (3, 4))
        >>> bool(np.all((0 < A2) & (A2 < 1)))
        True
    """
    model = check_model(model)
    parameters = check_parameters(parameters)
    W1, b1, W2, b2 = (parameters[name] for name in PARAMETER_NAMES)
    X = as_matrix("X", X, rows=W1.shape[1], symbols="(n_x, m)")

    # --8<-- [start:forward]
    Z1 = W1 @ X + b1  # (n_1, m): b1 of shape (n_1, 1) is added to every column
    A1 = sigmoid(Z1)  # (n_1, m)
    Z2 = W2 @ A1 + b2  # (1, m)
    A2 = Z2 if model == "regression" else sigmoid(Z2)  # (1, m)
    # --8<-- [end:forward]

    return A2, Cache(model=model, X=X, Z1=Z1, A1=A1, Z2=Z2, A2=A2)


def check_targets(Y: ArrayLike, model: str, m: int, dtype: np.dtype) -> np.ndarray:
    """Check ``Y`` against ``(1, m)`` outputs of ``model`` and return it in the outputs' ``dtype``.

    Labels must be 0 or 1 for classification. Converting ``Y`` to the dtype
    of the predictions keeps a float32 network in float32.
    """
    Y = as_matrix("Y", Y, rows=1, cols=m, symbols="(1, m)")
    if model == "classification":
        check_binary_labels("Y", Y)
    return Y.astype(dtype, copy=False)


def _check_targets(Y: ArrayLike, cache: Cache) -> np.ndarray:
    """Check ``Y`` against the ``(1, m)`` outputs of ``cache``, and the labels for classification."""
    if not isinstance(cache, Cache):
        raise TypeError(f"cache must be the Cache returned by forward(), got {describe(cache)}")
    model = check_model(cache.model, "cache.model")
    return check_targets(Y, model, cache.A2.shape[1], cache.A2.dtype)


def compute_loss(cache: Cache, Y: ArrayLike) -> float:
    r"""Compute the loss of a forward pass: half MSE for regression, cross-entropy for classification.

    Args:
        cache: The ``Cache`` returned by ``forward``.
        Y: Targets, shape ``(1, m)``; labels 0 or 1 for classification.

    Returns:
        $\frac{1}{2m}\sum_i (a^{(i)} - y^{(i)})^2$ for regression, or
        $-\frac{1}{m}\sum_i [y \log a + (1-y)\log(1-a)]$ for classification,
        as a Python float.

    Examples:
        >>> import numpy as np
        >>> from backprop import compute_loss, forward
        >>> parameters = {"W1": np.ones((1, 1)), "b1": np.zeros((1, 1)),
        ...               "W2": np.zeros((1, 1)), "b2": np.zeros((1, 1))}
        >>> _, cache = forward(np.array([[1.0, 2.0]]), parameters, "classification")
        >>> round(compute_loss(cache, np.array([[0.0, 1.0]])), 4)  # A2 = 1/2, so log 2
        0.6931
    """
    Y = _check_targets(Y, cache)
    if cache.model == "regression":
        return half_mse(cache.A2, Y)
    return binary_cross_entropy(cache.Z2, Y)


def backward(parameters: dict[str, np.ndarray], cache: Cache, Y: ArrayLike) -> dict[str, np.ndarray]:
    r"""Run the backward pass shared by both models.

    Both losses give the same output error $dZ^{[2]} = \frac{1}{m}(A^{[2]} - Y)$:
    the factor one half of the squared error cancels the two of its
    derivative, and for cross-entropy $\sigma'$ cancels the denominators of
    $\partial \mathcal{L}/\partial a$. Everything after that line is the
    chain rule through the two layers and does not depend on the model.

    Args:
        parameters: ``W1``, ``b1``, ``W2``, ``b2``, the ones used in ``forward``.
        cache: The ``Cache`` returned by ``forward``.
        Y: Targets, shape ``(1, m)``; labels 0 or 1 for classification.

    Returns:
        A dict of gradients, each shaped like its variable: ``dZ2`` ``(1, m)``,
        ``dW2`` ``(1, n_1)``, ``db2`` ``(1, 1)``, ``dA1`` ``(n_1, m)``,
        ``dZ1`` ``(n_1, m)``, ``dW1`` ``(n_1, n_x)`` and ``db1`` ``(n_1, 1)``.

    Examples:
        >>> import numpy as np
        >>> from backprop import backward, forward, init_parameters
        >>> parameters = init_parameters(n_x=2, n_1=3, seed=0)
        >>> X = np.array([[0.0, 1.0, 2.0, 3.0], [1.0, 0.0, 1.0, 0.0]])
        >>> Y = np.array([[0.0, 1.0, 1.0, 0.0]])
        >>> _, cache = forward(X, parameters, "regression")
        >>> gradients = backward(parameters, cache, Y)
        >>> {name: gradients[name].shape for name in ("dW1", "db1", "dW2", "db2")}
        {'dW1': (3, 2), 'db1': (3, 1), 'dW2': (1, 3), 'db2': (1, 1)}
    """
    parameters = check_parameters(parameters)
    Y = _check_targets(Y, cache)
    W1, W2 = parameters["W1"], parameters["W2"]
    if W1.shape != (cache.A1.shape[0], cache.X.shape[0]):
        raise ValueError(
            f"W1 has shape {W1.shape} but the cache contains {cache.A1.shape[0]} hidden units and "
            f"{cache.X.shape[0]} input features; pass the parameters that produced the cache"
        )
    if not cache.X.shape[1] == cache.A1.shape[1] == cache.A2.shape[1]:
        raise ValueError(
            f"cache contains X of shape {cache.X.shape}, A1 of shape {cache.A1.shape} and A2 of shape "
            f"{cache.A2.shape}; expected the same number of examples m in each, as forward() makes them"
        )
    X, A1, A2 = cache.X, cache.A1, cache.A2
    m = X.shape[1]

    # --8<-- [start:backward]
    dZ2 = (A2 - Y) / m  # (1, m), the same for both models
    dW2 = dZ2 @ A1.T  # (1, n_1)
    db2 = dZ2.sum(axis=1, keepdims=True)  # (1, 1)

    dA1 = W2.T @ dZ2  # (n_1, m)
    dZ1 = dA1 * A1 * (1 - A1)  # (n_1, m): sigma'(Z1) = A1 (1 - A1)
    dW1 = dZ1 @ X.T  # (n_1, n_x)
    db1 = dZ1.sum(axis=1, keepdims=True)  # (n_1, 1)
    # --8<-- [end:backward]

    return {"dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
