"""Full-batch gradient descent for both models."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_matrix, check_positive_float, check_positive_int, describe
from .network import PARAMETER_NAMES, backward, check_parameters, compute_loss, forward, init_parameters


def update_parameters(
    parameters: dict[str, np.ndarray], gradients: dict[str, np.ndarray], learning_rate: float
) -> dict[str, np.ndarray]:
    r"""Take one gradient-descent step $\theta \leftarrow \theta - \alpha\, d\theta$ for each parameter.

    Args:
        parameters: ``W1``, ``b1``, ``W2``, ``b2``.
        gradients: ``dW1``, ``db1``, ``dW2``, ``db2`` from :func:`backward`.
        learning_rate: The step size $\alpha > 0$.

    Returns:
        New parameter arrays; the inputs are not modified.

    Examples:
        >>> import numpy as np
        >>> from backprop import update_parameters
        >>> parameters = {"W1": np.ones((1, 1)), "b1": np.zeros((1, 1)),
        ...               "W2": np.ones((1, 1)), "b2": np.zeros((1, 1))}
        >>> gradients = {"dW1": np.full((1, 1), 2.0), "db1": np.zeros((1, 1)),
        ...              "dW2": np.zeros((1, 1)), "db2": np.ones((1, 1))}
        >>> update_parameters(parameters, gradients, learning_rate=0.5)["W1"].tolist()
        [[0.0]]
    """
    parameters = check_parameters(parameters)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    if not isinstance(gradients, dict):
        raise TypeError(f"gradients must be the dict returned by backward(), got {describe(gradients)}")
    updated = {}
    for name in PARAMETER_NAMES:
        gradient = as_matrix("d" + name, gradients.get("d" + name), rows=parameters[name].shape[0],
                             cols=parameters[name].shape[1])
        # --8<-- [start:update]
        updated[name] = parameters[name] - learning_rate * gradient
        # --8<-- [end:update]
    return updated


def train(
    X: ArrayLike,
    Y: ArrayLike,
    model: str,
    *,
    n_1: int,
    learning_rate: float,
    num_iterations: int,
    seed: int = 0,
) -> tuple[dict[str, np.ndarray], list[float]]:
    r"""Train a two-layer network by full-batch gradient descent.

    Each iteration runs :func:`forward` on all examples, records the loss,
    runs :func:`backward` and takes one step of :func:`update_parameters`.

    Args:
        X: Inputs, shape ``(n_x, m)``.
        Y: Targets, shape ``(1, m)``; labels 0 or 1 for classification.
        model: ``"regression"`` or ``"classification"``.
        n_1: Number of hidden units.
        learning_rate: The step size $\alpha > 0$.
        num_iterations: Number of gradient-descent steps.
        seed: Seed of :func:`init_parameters`.

    Returns:
        The trained parameters, and the loss before each step (a list of
        ``num_iterations`` floats).

    Examples:
        >>> from backprop import make_two_class, train
        >>> X, Y = make_two_class(m=100, seed=0)
        >>> parameters, losses = train(X, Y, "classification", n_1=8, learning_rate=1.0,
        ...                            num_iterations=300)
        >>> len(losses), losses[-1] < losses[0]
        (300, True)
    """
    X = as_matrix("X", X)
    num_iterations = check_positive_int("num_iterations", num_iterations)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    parameters = init_parameters(X.shape[0], n_1, seed=seed)

    # --8<-- [start:train_loop]
    losses = []
    for _ in range(num_iterations):
        _, cache = forward(X, parameters, model)
        losses.append(compute_loss(cache, Y))
        gradients = backward(parameters, cache, Y)
        parameters = update_parameters(parameters, gradients, learning_rate)
    # --8<-- [end:train_loop]
    return parameters, losses
