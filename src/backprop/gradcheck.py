"""Two-sided finite-difference check of the backward pass.

Each parameter entry is moved by $\\pm\\epsilon$ and the loss difference
divided by $2\\epsilon$; the error of that estimate is $O(\\epsilon^2)$.
Run it in float64: with $\\epsilon = 10^{-6}$ a correct backward pass gives
relative errors near $10^{-9}$, and a wrong one errors of order one.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_float_array, check_positive_float
from .network import PARAMETER_NAMES, backward, check_parameters, compute_loss, forward


def relative_error(analytic: ArrayLike, numeric: ArrayLike) -> float:
    r"""Compute $\lVert a - n \rVert / (\lVert a \rVert + \lVert n \rVert)$, or 0 when both are zero.

    Args:
        analytic: Gradient from the backward pass.
        numeric: Finite-difference estimate of the same gradient, same shape.

    Returns:
        A float in $[0, 1]$.

    Examples:
        >>> from backprop import relative_error
        >>> relative_error([1.0, 2.0], [1.0, 2.0])
        0.0
        >>> relative_error([1.0], [-1.0])
        1.0
        >>> relative_error([1e-170], [-1e-170])  # tiny, but of opposite sign
        1.0
    """
    analytic = as_float_array("analytic", analytic, finite=True)
    numeric = as_float_array("numeric", numeric, finite=True)
    if analytic.shape != numeric.shape:
        raise ValueError(
            f"analytic and numeric must have the same shape, got {analytic.shape} and {numeric.shape}"
        )
    # Dividing by the largest entry first keeps the norms from underflowing
    # to 0 (entries below about 1e-154) or overflowing to inf (above 1e154).
    largest = max(np.max(np.abs(analytic), initial=0.0), np.max(np.abs(numeric), initial=0.0))
    if largest == 0:
        return 0.0
    analytic = analytic.astype(np.float64) / largest
    numeric = numeric.astype(np.float64) / largest
    scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return float(np.linalg.norm(analytic - numeric) / scale)


def numerical_gradients(
    parameters: dict[str, np.ndarray],
    X: ArrayLike,
    Y: ArrayLike,
    model: str,
    *,
    epsilon: float = 1e-6,
) -> dict[str, np.ndarray]:
    r"""Estimate ``dW1``, ``db1``, ``dW2``, ``db2`` by two-sided differences of the loss.

    For each entry $\theta$ of each parameter the estimate is
    $(\mathcal{L}(\theta + \epsilon) - \mathcal{L}(\theta - \epsilon)) / 2\epsilon$.
    This costs two forward passes per parameter entry: use it on small networks.

    Args:
        parameters: ``W1``, ``b1``, ``W2``, ``b2``; they are not modified.
        X: Inputs, shape ``(n_x, m)``.
        Y: Targets, shape ``(1, m)``.
        model: ``"regression"`` or ``"classification"``.
        epsilon: Step of the difference.

    Returns:
        A dict with ``dW1``, ``db1``, ``dW2``, ``db2``, each shaped like its parameter.

    Examples:
        >>> import numpy as np
        >>> from backprop import init_parameters, numerical_gradients
        >>> parameters = init_parameters(n_x=1, n_1=2, seed=0)
        >>> estimate = numerical_gradients(parameters, np.array([[0.5]]), np.array([[1.0]]), "regression")
        >>> estimate["dW1"].shape
        (2, 1)
    """
    epsilon = check_positive_float("epsilon", epsilon)
    parameters = {name: value.astype(np.float64) for name, value in check_parameters(parameters).items()}

    estimates = {}
    for name in PARAMETER_NAMES:

        def loss_of(value: np.ndarray, name: str = name) -> float:
            _, cache = forward(X, {**parameters, name: value}, model)
            return compute_loss(cache, Y)

        estimates["d" + name] = finite_difference_gradient(loss_of, parameters[name], epsilon=epsilon)
    return estimates


def finite_difference_gradient(
    function: Callable[[np.ndarray], float], point: np.ndarray, *, epsilon: float = 1e-6
) -> np.ndarray:
    r"""Estimate the gradient of a scalar ``function`` at ``point`` by two-sided differences, entry by entry.

    Each entry of the estimate is
    $(f(\theta + \epsilon) - f(\theta - \epsilon)) / 2\epsilon$, computed in
    float64 on a copy of ``point``, so ``point`` is not modified.

    Examples:
        >>> import numpy as np
        >>> from backprop.gradcheck import finite_difference_gradient
        >>> finite_difference_gradient(lambda v: float(np.sum(v ** 2)), np.array([[1.0, -2.0]])).round(6).tolist()
        [[2.0, -4.0]]
    """
    point = np.array(point, dtype=np.float64)
    gradient = np.zeros_like(point)
    for index in np.ndindex(point.shape):
        original = point[index]
        point[index] = original + epsilon
        above = function(point)
        point[index] = original - epsilon
        below = function(point)
        point[index] = original
        gradient[index] = (above - below) / (2 * epsilon)
    return gradient


def gradient_check(
    parameters: dict[str, np.ndarray],
    X: ArrayLike,
    Y: ArrayLike,
    model: str,
    *,
    epsilon: float = 1e-6,
) -> dict[str, float]:
    r"""Compare the backward pass with finite differences, one relative error per parameter.

    Args:
        parameters: ``W1``, ``b1``, ``W2``, ``b2``.
        X: Inputs, shape ``(n_x, m)``.
        Y: Targets, shape ``(1, m)``; labels 0 or 1 for classification.
        model: ``"regression"`` or ``"classification"``.
        epsilon: Step of the difference.

    Returns:
        A dict from ``dW1``, ``db1``, ``dW2``, ``db2`` to the relative error
        of ``backward`` against ``numerical_gradients``. Below about
        ``1e-7`` the two agree.

    Examples:
        >>> import numpy as np
        >>> from backprop import gradient_check, init_parameters
        >>> rng = np.random.default_rng(0)
        >>> X = rng.standard_normal((3, 5))
        >>> Y = (rng.random((1, 5)) < 0.5).astype(float)
        >>> errors = gradient_check(init_parameters(n_x=3, n_1=4, seed=1), X, Y, "classification")
        >>> max(errors.values()) < 1e-7
        True
    """
    epsilon = check_positive_float("epsilon", epsilon)
    parameters = {name: value.astype(np.float64) for name, value in check_parameters(parameters).items()}
    _, cache = forward(X, parameters, model)
    analytic = backward(parameters, cache, Y)
    numeric = numerical_gradients(parameters, X, Y, model, epsilon=epsilon)
    return {name: relative_error(analytic[name], numeric[name]) for name in numeric}
