"""Activation functions of the two-layer network and their derivatives.

The hidden layer uses the logistic sigmoid; the output layer uses the
identity for regression and the sigmoid for binary classification. Every
function is element-wise, keeps float32 and float64 inputs in their dtype
and turns integer inputs into float64.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_float_array


def sigmoid(z: ArrayLike) -> np.ndarray:
    r"""Apply the logistic sigmoid $\sigma(z) = 1 / (1 + e^{-z})$ element-wise.

    The exponential is only ever taken of $-|z|$, so it cannot overflow:
    the result is finite and warning-free for any float input, including
    $\pm 1000$ in float64 and $\pm 100$ in float32. The underflow of
    $e^{-|z|}$ to 0 for large $|z|$ is exact enough and is not reported,
    even under ``np.errstate(all="raise")``.

    Args:
        z: Pre-activations of any shape, for example $Z^{[1]}$ of shape
            ``(n_1, m)``. Infinities are allowed; NaN is rejected.

    Returns:
        An array of the same shape and float dtype as ``z``, with values in
        $[0, 1]$.

    Examples:
        >>> from backprop import sigmoid
        >>> sigmoid([-1000.0, 0.0, 2.0, 1000.0]).round(4).tolist()
        [0.0, 0.5, 0.8808, 1.0]
    """
    z = as_float_array("z", z)

    # --8<-- [start:sigmoid]
    # e^{-|z|} lies in (0, 1]. For z >= 0, sigma = 1 / (1 + e^{-z}); for z < 0
    # the same value is e^{z} / (1 + e^{z}), and here e^{z} = e^{-|z|}.
    with np.errstate(under="ignore"):
        decay = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + decay), decay / (1 + decay))
    # --8<-- [end:sigmoid]


def sigmoid_derivative(z: ArrayLike) -> np.ndarray:
    r"""Compute $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$ element-wise.

    The value is computed as $e^{-|z|} / (1 + e^{-|z|})^2$, which equals
    $e^{-z} / (1 + e^{-z})^2$ because $\sigma'$ is even. Unlike the product
    $\sigma(1 - \sigma)$ it keeps full relative precision in the tails,
    where $1 - \sigma(z)$ rounds to zero.

    Args:
        z: Pre-activations of any shape, for example $Z^{[1]}$ of shape
            ``(n_1, m)``.

    Returns:
        An array of the same shape and float dtype as ``z``, with values in
        $[0, 1/4]$.

    Examples:
        >>> from backprop import sigmoid_derivative
        >>> sigmoid_derivative([0.0, 1.0]).round(4).tolist()
        [0.25, 0.1966]
        >>> float(sigmoid_derivative(40.0))  # sigma(1 - sigma) would give 0.0
        4.248354255291589e-18
    """
    z = as_float_array("z", z)

    # --8<-- [start:sigmoid_derivative]
    with np.errstate(under="ignore"):
        decay = np.exp(-np.abs(z))
    return decay / (1 + decay) ** 2
    # --8<-- [end:sigmoid_derivative]


def identity(z: ArrayLike) -> np.ndarray:
    r"""Return the pre-activation unchanged: the linear output of regression, $a = z$.

    Args:
        z: Pre-activations of any shape, for example $Z^{[2]}$ of shape ``(1, m)``.

    Returns:
        A copy of ``z`` as a float array.

    Examples:
        >>> from backprop import identity
        >>> identity([[-2.0, 3.5]]).tolist()
        [[-2.0, 3.5]]
    """
    return as_float_array("z", z).copy()


def identity_derivative(z: ArrayLike) -> np.ndarray:
    r"""Return ones shaped like ``z``: the derivative of $a = z$ is $1$.

    Args:
        z: Pre-activations of any shape.

    Returns:
        An array of ones with the shape and float dtype of ``z``.

    Examples:
        >>> from backprop import identity_derivative
        >>> identity_derivative([[-2.0, 3.5]]).tolist()
        [[1.0, 1.0]]
    """
    return np.ones_like(as_float_array("z", z))


def softmax(Z: ArrayLike) -> np.ndarray:
    r"""Apply the softmax to each column: $\operatorname{softmax}(z)_k = e^{z_k} / \sum_j e^{z_j}$.

    The softmax is the output activation of a classifier with $K$ classes,
    the multi-class form of the sigmoid: for $K = 2$ and $z = (t, 0)$ its
    first entry is $\sigma(t)$. Each column's largest entry is subtracted
    before exponentiating, which leaves the result unchanged and keeps every
    exponent at most 0, so nothing overflows.

    Args:
        Z: Pre-activations of shape ``(K, m)``, one example per column.

    Returns:
        An array of the same shape and float dtype; each column is
        non-negative and sums to 1.

    Raises:
        ValueError: If ``Z`` is not 2-D, has no rows or columns, or contains NaN
            or an infinity.

    Examples:
        >>> import numpy as np
        >>> from backprop import sigmoid, softmax
        >>> softmax([[0.0, 1000.0], [0.0, 0.0], [0.0, -1000.0]]).round(4).tolist()
        [[0.3333, 1.0], [0.3333, 0.0], [0.3333, 0.0]]
        >>> bool(np.isclose(softmax([[2.0], [0.0]])[0, 0], sigmoid(2.0)))
        True
    """
    Z = as_float_array("Z", Z)
    if Z.ndim != 2 or Z.shape[0] == 0 or Z.shape[1] == 0:
        raise ValueError(
            f"Z must be a 2-D array of shape (K, m) with K >= 1 classes and m >= 1 examples, got shape {Z.shape}"
        )
    if not np.isfinite(Z).all():
        raise ValueError(f"Z contains an infinite value (shape {Z.shape}); expected finite numbers")

    shifted = Z - Z.max(axis=0, keepdims=True)
    with np.errstate(under="ignore"):
        exponentials = np.exp(shifted)
    return exponentials / exponentials.sum(axis=0, keepdims=True)
