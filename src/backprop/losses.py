"""The two losses of the notes, each with its gradient.

Both losses average over the ``m`` examples, which are the columns of the
``(1, m)`` arrays. The squared error carries a factor one half, so that its
gradient, like that of cross-entropy, is the output error divided by ``m``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_matrix, check_binary_labels
from .activations import sigmoid


def _outputs_and_targets(name: str, outputs: ArrayLike, Y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Check that ``outputs`` and ``Y`` are ``(1, m)`` arrays of the same ``m``.

    ``Y`` is returned in the dtype of ``outputs``, so float32 outputs give a
    float32 gradient whatever the dtype of the targets.
    """
    outputs = as_matrix(name, outputs, rows=1, symbols="(1, m)")
    Y = as_matrix("Y", Y, rows=1, cols=outputs.shape[1], symbols="(1, m)")
    return outputs, Y.astype(outputs.dtype, copy=False)


def half_mse(A2: ArrayLike, Y: ArrayLike) -> float:
    r"""Compute the half mean squared error $\frac{1}{2m} \sum_i (a^{(i)} - y^{(i)})^2$.

    With rows $A^{[2]}$ and $Y$ this is $\frac{1}{2m}(A^{[2]} - Y)(A^{[2]} - Y)^T$.

    Args:
        A2: Predictions $A^{[2]}$, shape ``(1, m)``.
        Y: Targets, shape ``(1, m)``.

    Returns:
        The loss, a Python float.

    Raises:
        ValueError: If a shape is not ``(1, m)``, the two ``m`` differ, a
            value is NaN or infinite, or the loss overflows.

    Examples:
        >>> from backprop import half_mse
        >>> half_mse([[1.0, 2.0]], [[0.0, 0.0]])  # (1 + 4) / (2 * 2)
        1.25
    """
    A2, Y = _outputs_and_targets("A2", A2, Y)
    m = Y.shape[1]
    with np.errstate(over="ignore"):
        # --8<-- [start:half_mse]
        error = A2 - Y
        loss = float(np.sum(error * error)) / (2 * m)
        # --8<-- [end:half_mse]
    if not np.isfinite(loss):
        raise ValueError(
            f"half_mse overflowed: the squared errors of A2 and Y (shape {Y.shape}, dtype {A2.dtype}) "
            "exceed the floating-point range; rescale the targets"
        )
    return loss


def half_mse_gradient(A2: ArrayLike, Y: ArrayLike) -> np.ndarray:
    r"""Compute $\partial \mathcal{L} / \partial A^{[2]} = \frac{1}{m}(A^{[2]} - Y)$ of ``half_mse``.

    Args:
        A2: Predictions $A^{[2]}$, shape ``(1, m)``.
        Y: Targets, shape ``(1, m)``.

    Returns:
        The gradient, shape ``(1, m)``.

    Examples:
        >>> from backprop import half_mse_gradient
        >>> half_mse_gradient([[1.0, 2.0]], [[0.0, 0.0]]).tolist()
        [[0.5, 1.0]]
    """
    A2, Y = _outputs_and_targets("A2", A2, Y)
    m = Y.shape[1]
    # --8<-- [start:half_mse_gradient]
    return (A2 - Y) / m
    # --8<-- [end:half_mse_gradient]


def binary_cross_entropy(Z2: ArrayLike, Y: ArrayLike) -> float:
    r"""Compute the mean binary cross-entropy from the output pre-activation $Z^{[2]}$.

    The loss is $-\frac{1}{m}\sum_i \left[y \log a + (1 - y)\log(1 - a)\right]$
    with $a = \sigma(z)$. Substituting the sigmoid gives
    $\log(1 + e^{z}) - y z$ per example, which ``np.logaddexp`` evaluates
    without overflow. Taking $z$ rather than $a$ avoids $0 \cdot \log 0 =$
    NaN for a perfect prediction and $\log 0 = -\infty$ for a confidently
    wrong one, where $a$ has rounded to 0 or 1.

    Args:
        Z2: Output pre-activations (logits) $Z^{[2]}$, shape ``(1, m)``.
        Y: Labels, 0 or 1, shape ``(1, m)``.

    Returns:
        The loss, a Python float.

    Raises:
        ValueError: If a shape is wrong, a value is not finite, or a label is
            not 0 or 1.

    Examples:
        >>> from backprop import binary_cross_entropy
        >>> round(binary_cross_entropy([[0.0]], [[1.0]]), 4)  # log 2
        0.6931
        >>> binary_cross_entropy([[800.0, -800.0]], [[0.0, 1.0]])  # confidently wrong
        800.0
    """
    Z2, Y = _outputs_and_targets("Z2", Z2, Y)
    check_binary_labels("Y", Y)
    m = Y.shape[1]
    # --8<-- [start:binary_cross_entropy]
    return float(np.sum(np.logaddexp(0, Z2) - Y * Z2)) / m
    # --8<-- [end:binary_cross_entropy]


def binary_cross_entropy_gradient(Z2: ArrayLike, Y: ArrayLike) -> np.ndarray:
    r"""Compute $\partial \mathcal{L} / \partial Z^{[2]} = \frac{1}{m}(\sigma(Z^{[2]}) - Y)$ of ``binary_cross_entropy``.

    By the chain rule this is $\partial \mathcal{L}/\partial A^{[2]} \odot
    \sigma'(Z^{[2]})$ with $\partial \mathcal{L}/\partial a =
    \frac{1}{m}\left(-\frac{y}{a} + \frac{1 - y}{1 - a}\right)$ and
    $\sigma'(z) = a(1 - a)$; the product simplifies to $\frac{1}{m}(a - y)$.

    Args:
        Z2: Output pre-activations (logits) $Z^{[2]}$, shape ``(1, m)``.
        Y: Labels, 0 or 1, shape ``(1, m)``.

    Returns:
        The gradient $dZ^{[2]}$, shape ``(1, m)``.

    Examples:
        >>> from backprop import binary_cross_entropy_gradient
        >>> binary_cross_entropy_gradient([[0.0, 0.0]], [[1.0, 0.0]]).tolist()
        [[-0.25, 0.25]]
    """
    Z2, Y = _outputs_and_targets("Z2", Z2, Y)
    check_binary_labels("Y", Y)
    m = Y.shape[1]
    # --8<-- [start:binary_cross_entropy_gradient]
    return (sigmoid(Z2) - Y) / m
    # --8<-- [end:binary_cross_entropy_gradient]
