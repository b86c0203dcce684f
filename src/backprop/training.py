"""Full-batch gradient descent for both models.

``train_reference`` runs the loop the pages show, one call of
``forward``, ``backward`` and
``update_parameters`` per step. ``train`` computes the same steps
with arrays it allocates once and updates in place, so it runs several times
faster on large batches. The tests check that both return the same numbers.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_matrix, check_positive_float, check_positive_int, describe
from .network import (
    PARAMETER_NAMES,
    backward,
    check_model,
    check_parameters,
    check_targets,
    compute_loss,
    forward,
    init_parameters,
)


def update_parameters(
    parameters: dict[str, np.ndarray], gradients: dict[str, np.ndarray], learning_rate: float
) -> dict[str, np.ndarray]:
    r"""Take one gradient-descent step $\theta \leftarrow \theta - \alpha\, d\theta$ for each parameter.

    Args:
        parameters: ``W1``, ``b1``, ``W2``, ``b2``.
        gradients: ``dW1``, ``db1``, ``dW2``, ``db2`` from ``backward``.
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
    missing = ["d" + name for name in PARAMETER_NAMES if "d" + name not in gradients]
    if missing:
        raise ValueError(
            f"gradients is missing {missing}: got the keys {sorted(map(str, gradients))}, "
            "expected those returned by backward()"
        )
    updated = {}
    for name in PARAMETER_NAMES:
        rows, cols = parameters[name].shape
        gradient = as_matrix("d" + name, gradients["d" + name], rows=rows, cols=cols, integers=False, examples=False)
        # --8<-- [start:update]
        updated[name] = parameters[name] - learning_rate * gradient
        # --8<-- [end:update]
    return updated


def _check_training_inputs(
    X: ArrayLike, Y: ArrayLike, model: str, n_1: int, learning_rate: float, num_iterations: int, seed: int
) -> tuple[np.ndarray, np.ndarray, str, float, int, dict[str, np.ndarray]]:
    """Check the arguments of ``train`` once, and draw the initial parameters in the dtype of ``X``."""
    X = as_matrix("X", X, symbols="(n_x, m)")
    model = check_model(model)
    Y = check_targets(Y, model, X.shape[1], X.dtype)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    num_iterations = check_positive_int("num_iterations", num_iterations)
    parameters = init_parameters(X.shape[0], n_1, seed=seed)
    parameters = {name: value.astype(X.dtype) for name, value in parameters.items()}
    return X, Y, model, learning_rate, num_iterations, parameters


def train_reference(
    X: ArrayLike,
    Y: ArrayLike,
    model: str,
    *,
    n_1: int,
    learning_rate: float,
    num_iterations: int,
    seed: int = 0,
) -> tuple[dict[str, np.ndarray], list[float]]:
    r"""Train a two-layer network by full-batch gradient descent, one public function call per step.

    Each iteration runs ``forward`` on all examples,
    records the loss, runs ``backward`` and takes one
    step of ``update_parameters``: the loop the pages show.
    ``train`` returns the same numbers faster.

    Args:
        X: Inputs, shape ``(n_x, m)``.
        Y: Targets, shape ``(1, m)``; labels 0 or 1 for classification.
        model: ``"regression"`` or ``"classification"``.
        n_1: Number of hidden units.
        learning_rate: The step size $\alpha > 0$.
        num_iterations: Number of gradient-descent steps.
        seed: Seed of ``init_parameters``.

    Returns:
        The trained parameters, and the loss before each step (a list of
        ``num_iterations`` floats).

    Examples:
        >>> from backprop import make_regression, train_reference
        >>> X, Y = make_regression(m=50, seed=0)
        >>> parameters, losses = train_reference(X, Y, "regression", n_1=4, learning_rate=0.5,
        ...                                      num_iterations=100)
        >>> len(losses), losses[-1] < losses[0]
        (100, True)
    """
    X, Y, model, learning_rate, num_iterations, parameters = _check_training_inputs(
        X, Y, model, n_1, learning_rate, num_iterations, seed
    )

    # --8<-- [start:train_loop]
    losses = []
    for _ in range(num_iterations):
        _, cache = forward(X, parameters, model)
        losses.append(compute_loss(cache, Y))
        gradients = backward(parameters, cache, Y)
        parameters = update_parameters(parameters, gradients, learning_rate)
    # --8<-- [end:train_loop]
    return parameters, losses


class InPlaceStep:
    r"""One full-batch gradient-descent step that reuses its arrays: the step ``train`` takes.

    Calling the object runs the forward pass, the loss, the backward pass and
    the update, as ``train_reference`` does, and returns the loss before
    the step. Three changes save the time and memory that new arrays cost on
    large batches; none changes the mathematics:

    - The bias rides in the matrix product,
      $Z^{[1]} = [W^{[1]}\ b^{[1]}] \begin{bmatrix} X \\ 1 \end{bmatrix}$,
      so one product gives $W^{[1]} X + b^{[1]}$ without a second pass over
      the ``(n_1, m)`` result. (The backward pass keeps $dW^{[1]}$ and
      $db^{[1]}$ apart: OpenBLAS computes the product with $n_x + 1$ columns
      markedly slower than the one with $n_x$.)
    - The ``(n_1, m)`` arrays are written in place into two arrays
      allocated once, $A^{[1]}$ and $H^{[1]} = dZ^{[2]} \odot A^{[1]} \odot
      (1 - A^{[1]})$. Because $W^{[2]T} dZ^{[2]}$ is an outer product,
      $dZ^{[1]}$ is $H^{[1]}$ with row $j$ multiplied by $W^{[2]}_j$, and
      that factor is applied to the small product $H^{[1]} X^T$ instead.
    - $\sigma(Z^{[1]})$ is computed in place as $1 / (1 + e^{-Z^{[1]}})$. Where
      $e^{-z}$ overflows to infinity ($z < -709$ in float64, $z < -88$ in
      float32) the quotient is 0, the right limit, so the overflow is
      ignored; ``sigmoid`` avoids it with
      $e^{-|z|}$, which costs more passes over the array.

    The arguments are not checked here; ``train`` checks them once.

    Args:
        X: Inputs, shape ``(n_x, m)``, float32 or float64.
        Y: Targets, shape ``(1, m)``, in the dtype of ``X``.
        parameters: ``W1``, ``b1``, ``W2``, ``b2`` in the dtype of ``X``; they are copied.
        model: ``"regression"`` or ``"classification"``.
        learning_rate: The step size $\alpha > 0$.

    Examples:
        >>> from backprop import init_parameters, make_two_class
        >>> from backprop.training import InPlaceStep
        >>> X, Y = make_two_class(m=40, seed=0)
        >>> step = InPlaceStep(X, Y, init_parameters(2, 3), "classification", learning_rate=1.0)
        >>> first, second = step(), step()
        >>> second < first
        True
        >>> step.parameters()["W1"].shape
        (3, 2)
    """

    def __init__(
        self, X: np.ndarray, Y: np.ndarray, parameters: dict[str, np.ndarray], model: str, learning_rate: float
    ) -> None:
        n_x, m = X.shape
        n_1 = parameters["W1"].shape[0]
        self.model = model
        self.learning_rate = learning_rate
        self.Y = Y
        self.X1 = np.concatenate([X, np.ones((1, m), X.dtype)])  # (n_x + 1, m): X with a row of ones
        self.W1b1 = np.concatenate([parameters["W1"], parameters["b1"]], axis=1)  # (n_1, n_x + 1)
        self.W2 = parameters["W2"].copy()
        self.b2 = parameters["b2"].copy()
        self.A1 = np.empty((n_1, m), X.dtype)
        self.H1 = np.empty((n_1, m), X.dtype)

    def parameters(self) -> dict[str, np.ndarray]:
        """Return copies of the current ``W1``, ``b1``, ``W2`` and ``b2``."""
        return {
            "W1": self.W1b1[:, :-1].copy(),
            "b1": self.W1b1[:, -1:].copy(),
            "W2": self.W2.copy(),
            "b2": self.b2.copy(),
        }

    def __call__(self) -> float:
        """Take one step in place and return the loss before it."""
        X1, Y, W1b1, W2, b2, A1, H1 = self.X1, self.Y, self.W1b1, self.W2, self.b2, self.A1, self.H1
        X, W1, b1 = X1[:-1], W1b1[:, :-1], W1b1[:, -1:]  # views into X1 and W1b1
        m = X1.shape[1]

        # --8<-- [start:in_place_step]
        # Forward: A1 = sigma(Z1) = 1 / (1 + e^{-Z1}), built in place in A1.
        np.matmul(-W1b1, X1, out=A1)  # -Z1 = -(W1 @ X + b1)
        with np.errstate(over="ignore"):
            np.exp(A1, out=A1)
        A1 += 1
        np.reciprocal(A1, out=A1)
        Z2 = W2 @ A1 + b2  # (1, m)
        if self.model == "regression":
            A2 = Z2
            loss = float(np.sum((A2 - Y) ** 2)) / (2 * m)
        else:
            with np.errstate(over="ignore"):
                A2 = 1 / (1 + np.exp(-Z2))
            loss = float(np.sum(np.logaddexp(0, Z2) - Y * Z2)) / m

        # Backward. dA1 = W2.T @ dZ2 is an outer product, so dZ1 = dA1 * A1 * (1 - A1) = W2.T * H1
        # with H1 = dZ2 * A1 * (1 - A1); the column W2.T then multiplies the small results
        # dW1 = dZ1 @ X.T and db1 = dZ1 summed over examples instead of the (n_1, m) array.
        dZ2 = (A2 - Y) / m  # (1, m)
        dW2 = dZ2 @ A1.T  # (1, n_1)
        db2 = dZ2.sum(axis=1, keepdims=True)  # (1, 1)
        np.subtract(1, A1, out=H1)
        H1 *= A1  # sigma'(Z1) = A1 (1 - A1)
        H1 *= dZ2  # each column times its example's dZ2
        dW1 = W2.T * (H1 @ X.T)  # (n_1, n_x)
        db1 = W2.T * H1.sum(axis=1, keepdims=True)  # (n_1, 1)

        # Update, in place.
        W1 -= self.learning_rate * dW1
        b1 -= self.learning_rate * db1
        W2 -= self.learning_rate * dW2
        b2 -= self.learning_rate * db2
        # --8<-- [end:in_place_step]
        return loss


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

    Each iteration runs the forward pass on all examples, records the loss,
    runs the backward pass and takes one gradient-descent step, as
    ``train_reference`` does with ``forward``,
    ``backward`` and ``update_parameters``. The
    arguments are checked once, and each step is an ``InPlaceStep``,
    which reuses its arrays. The network computes in the dtype of ``X``:
    float32 inputs train float32 parameters, and integer inputs become
    float64.

    Args:
        X: Inputs, shape ``(n_x, m)``.
        Y: Targets, shape ``(1, m)``; labels 0 or 1 for classification.
        model: ``"regression"`` or ``"classification"``.
        n_1: Number of hidden units.
        learning_rate: The step size $\alpha > 0$.
        num_iterations: Number of gradient-descent steps.
        seed: Seed of ``init_parameters``.

    Returns:
        The trained parameters, and the loss before each step (a list of
        ``num_iterations`` floats).

    Raises:
        ValueError: If an argument is out of range, or the loss stops being
            finite because ``learning_rate`` is too large.

    Examples:
        >>> from backprop import make_two_class, train
        >>> X, Y = make_two_class(m=100, seed=0)
        >>> parameters, losses = train(X, Y, "classification", n_1=8, learning_rate=1.0,
        ...                            num_iterations=300)
        >>> len(losses), losses[-1] < losses[0]
        (300, True)
    """
    X, Y, model, learning_rate, num_iterations, parameters = _check_training_inputs(
        X, Y, model, n_1, learning_rate, num_iterations, seed
    )
    step = InPlaceStep(X, Y, parameters, model, learning_rate)
    losses = []
    # A step too large makes the numbers overflow. The checks below report that
    # as an error that names the learning rate, instead of a stream of warnings.
    with np.errstate(over="ignore", invalid="ignore"):
        for iteration in range(num_iterations):
            losses.append(step())
            if not np.isfinite(losses[-1]):
                _diverged(f"the loss is {losses[-1]} before step {iteration}", learning_rate)
        parameters = step.parameters()
    if not all(np.isfinite(value).all() for value in parameters.values()):
        _diverged("the parameters are no longer finite after the last step", learning_rate)
    return parameters, losses


def _diverged(what: str, learning_rate: float) -> None:
    raise ValueError(f"training diverged: {what}; lower learning_rate, got {learning_rate!r}")
