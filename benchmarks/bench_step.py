"""Time one full-batch training step of backprop against the BLAS floor, PyTorch and scikit-learn.

One step is the forward pass, the backward pass and the gradient-descent
update of a network with n_x inputs, n_1 sigmoid hidden units and one output,
on all m examples at once. The script times, at each size and dtype:

- floor: the work no implementation can skip, the step's matrix products and
  one np.exp over the hidden pre-activations, into arrays allocated before;
- backprop: the step train() takes (backprop.training.InPlaceStep);
- readable: forward(), backward() and update_parameters(), the functions
  the pages show, with their input checks;
- torch autograd and torch by hand: the same step in PyTorch on the CPU, with
  the gradients from autograd and written out;
- sklearn: one full-batch epoch (one step) of MLPClassifier or MLPRegressor
  with logistic hidden units and plain SGD, through partial_fit().

Every implementation is timed in rounds that alternate between them, and
each keeps its fastest round, so a burst of load from another process hits
all of them alike and is mostly filtered out. The ratios come from one run.

Run it by hand, not in CI (it needs the `bench` extra and takes a few
minutes):

    pip install -e '.[bench]'
    python benchmarks/bench_step.py
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings
from collections.abc import Callable

import numpy as np

from backprop import backward, forward, init_parameters, update_parameters
from backprop._checks import as_matrix
from backprop.network import check_parameters, check_targets
from backprop.training import InPlaceStep

SIZES = [(256, 8, 16), (4096, 64, 64), (65536, 128, 128)]  # (m, n_x, n_1)
DTYPES = [np.float64, np.float32]
LEARNING_RATE = 0.1


def make_problem(m: int, n_x: int, n_1: int, dtype, model: str):
    """Draw standardised inputs, targets and the initial parameters, all in ``dtype``."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n_x, m)).astype(dtype)
    if model == "classification":
        Y = (X[0:1] + 0.5 * rng.standard_normal((1, m)) > 0).astype(dtype)
    else:
        Y = (np.sin(X[0:1]) + 0.1 * rng.standard_normal((1, m))).astype(dtype)
    parameters = {name: value.astype(dtype) for name, value in init_parameters(n_x, n_1, seed=0).items()}
    return X, Y, parameters


def floor_step(X, Y, parameters) -> Callable[[], None]:
    """Return the floor: the step's matrix products and one exp over Z1, into arrays allocated once."""
    W1, W2 = parameters["W1"], parameters["W2"]
    n_1, m = W1.shape[0], X.shape[1]
    Z1 = np.empty((n_1, m), X.dtype)
    Z2 = np.empty((1, m), X.dtype)
    dZ2 = (Y - 0.5) / m
    dW2 = np.empty_like(W2)
    dA1 = np.empty((n_1, m), X.dtype)
    dW1 = np.empty_like(W1)

    def step():
        np.matmul(W1, X, out=Z1)  # Z1 = W1 X
        np.exp(Z1, out=Z1)  # the one transcendental pass: A1 needs e^{-Z1}
        np.matmul(W2, Z1, out=Z2)  # Z2 = W2 A1
        np.matmul(dZ2, Z1.T, out=dW2)  # dW2 = dZ2 A1^T
        np.multiply(W2.T, dZ2, out=dA1)  # dA1 = W2^T dZ2, an outer product
        np.matmul(dA1, X.T, out=dW1)  # dW1 = dZ1 X^T

    return step


def backprop_step(X, Y, parameters, model) -> Callable[[], float]:
    return InPlaceStep(X, Y, parameters, model, LEARNING_RATE)


def readable_step(X, Y, parameters, model) -> Callable[[], None]:
    state = {"parameters": {name: value.copy() for name, value in parameters.items()}}

    def step():
        _, cache = forward(X, state["parameters"], model)
        gradients = backward(state["parameters"], cache, Y)
        state["parameters"] = update_parameters(state["parameters"], gradients, LEARNING_RATE)

    return step


def torch_steps(X, Y, parameters, model) -> dict[str, Callable[[], None]]:
    """Return the step in PyTorch, with autograd and by hand; examples are rows, as in PyTorch code."""
    import torch
    import torch.nn.functional as F

    X_rows = torch.from_numpy(np.ascontiguousarray(X.T))  # (m, n_x)
    Y_rows = torch.from_numpy(np.ascontiguousarray(Y.T))  # (m, 1)
    m = X_rows.shape[0]

    def tensors(requires_grad):
        W1 = torch.from_numpy(parameters["W1"].copy())
        b1 = torch.from_numpy(parameters["b1"].ravel().copy())
        W2 = torch.from_numpy(parameters["W2"].copy())
        b2 = torch.from_numpy(parameters["b2"].ravel().copy())
        return [value.requires_grad_(requires_grad) for value in (W1, b1, W2, b2)]

    auto = tensors(True)

    def autograd_step():
        W1, b1, W2, b2 = auto
        Z2 = F.linear(torch.sigmoid(F.linear(X_rows, W1, b1)), W2, b2)
        if model == "classification":
            loss = F.binary_cross_entropy_with_logits(Z2, Y_rows)
        else:
            loss = 0.5 * F.mse_loss(Z2, Y_rows)
        for value in auto:
            value.grad = None
        loss.backward()
        with torch.no_grad():
            for value in auto:
                value.sub_(value.grad, alpha=LEARNING_RATE)

    manual = tensors(False)

    def by_hand_step():
        W1, b1, W2, b2 = manual
        A1 = torch.sigmoid(torch.addmm(b1, X_rows, W1.T))  # (m, n_1)
        Z2 = torch.addmm(b2, A1, W2.T)  # (m, 1)
        A2 = torch.sigmoid(Z2) if model == "classification" else Z2
        dZ2 = (A2 - Y_rows) / m
        dW2 = dZ2.T @ A1
        db2 = dZ2.sum(0)
        dZ1 = (dZ2 @ W2).mul_(A1).mul_(1 - A1)
        dW1 = dZ1.T @ X_rows
        db1 = dZ1.sum(0)
        for value, gradient in zip(manual, (dW1, db1, dW2, db2)):
            value.sub_(gradient, alpha=LEARNING_RATE)

    return {"torch autograd": autograd_step, "torch by hand": by_hand_step}


def sklearn_step(X, Y, n_1, model) -> Callable[[], None]:
    """Return one epoch of partial_fit with the whole batch as its only mini-batch, which is one step."""
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    m = X.shape[1]
    settings = {
        "hidden_layer_sizes": (n_1,),
        "activation": "logistic",
        "solver": "sgd",
        "batch_size": m,
        "learning_rate": "constant",
        "learning_rate_init": LEARNING_RATE,
        "momentum": 0.0,
        "nesterovs_momentum": False,
        "alpha": 0.0,
        "shuffle": False,
        "random_state": 0,
    }
    X_rows = np.ascontiguousarray(X.T)
    if model == "classification":
        estimator = MLPClassifier(**settings)
        y = Y.ravel().astype(int)
        estimator.partial_fit(X_rows, y, classes=[0, 1])
    else:
        estimator = MLPRegressor(**settings)
        y = Y.ravel()
        estimator.partial_fit(X_rows, y)

    def step():
        estimator.partial_fit(X_rows, y)

    return step


def check_cost(X, Y, parameters, model) -> Callable[[], None]:
    """Return the input checks that one forward() call and one backward() call make."""

    def checks():
        checked = check_parameters(parameters)
        as_matrix("X", X, rows=checked["W1"].shape[1])
        check_targets(Y, model, X.shape[1], X.dtype)

    return checks


def calls_per_round(function: Callable[[], object], target: float) -> int:
    function()
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            function()
        if time.perf_counter() - start >= target:
            return calls
        calls *= 2


def interleaved_best(functions: dict[str, Callable[[], object]], rounds: int, target: float) -> dict[str, float]:
    """Time every function in alternating rounds; return each one's fastest time per call, in seconds."""
    calls = {name: calls_per_round(function, target) for name, function in functions.items()}
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(rounds):
        for name, function in functions.items():
            start = time.perf_counter()
            for _ in range(calls[name]):
                function()
            best[name] = min(best[name], (time.perf_counter() - start) / calls[name])
    return best


def describe_machine() -> list[str]:
    import sklearn
    import threadpoolctl
    import torch

    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or cpu
    pools = [
        f"{pool['internal_api']} {pool['version']} ({pool.get('architecture', '?')} kernel, "
        f"{pool['num_threads']} threads)"
        for pool in threadpoolctl.threadpool_info()
        if pool["user_api"] == "blas"
    ]
    environment = {name: os.environ.get(name, "unset") for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    return [
        f"CPU: {cpu}, {os.cpu_count()} logical cores; load average {os.getloadavg()[0]:.2f} at the start",
        f"Python {platform.python_version()}, NumPy {np.__version__}, BLAS: {'; '.join(pools)}",
        f"PyTorch {torch.__version__} ({torch.get_num_threads()} threads), scikit-learn {sklearn.__version__}",
        "environment: " + ", ".join(f"{name}={value}" for name, value in environment.items()),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=["classification", "regression"], default="classification")
    parser.add_argument("--rounds", type=int, default=7, help="rounds of timing per size (default 7)")
    parser.add_argument("--target", type=float, default=0.05, help="seconds per round and function (default 0.05)")
    parser.add_argument("--quick", action="store_true", help="only the two smaller sizes")
    parser.add_argument(
        "--threads", type=int, default=None,
        help="limit BLAS, OpenMP and PyTorch to this many threads (default: each library's own default)",
    )
    arguments = parser.parse_args()
    if arguments.threads is not None:
        import threadpoolctl
        import torch

        # Keep the limiter alive for the whole run.
        arguments.limiter = threadpoolctl.threadpool_limits(arguments.threads)
        torch.set_num_threads(arguments.threads)

    warnings.simplefilter("error")  # a warning from any implementation is a failure
    threads = "default threads" if arguments.threads is None else f"{arguments.threads} thread(s) per library"
    print(f"One full-batch {arguments.model} step; fastest of {arguments.rounds} interleaved rounds; {threads}.")
    for line in describe_machine():
        print(line)
    print()

    header = (
        "| m, n_x, n_1 | dtype | floor ms | backprop ms | × floor | readable ms | × floor "
        "| torch autograd ms | backprop ÷ autograd | torch by hand ms | backprop ÷ by hand "
        "| sklearn ms | backprop ÷ sklearn | checks µs |"
    )
    print(header)
    print("|" + "|".join([" --- "] * (header.count("|") - 1)) + "|")
    sizes = SIZES[:2] if arguments.quick else SIZES
    for m, n_x, n_1 in sizes:
        for dtype in DTYPES:
            X, Y, parameters = make_problem(m, n_x, n_1, dtype, arguments.model)
            functions = {
                "floor": floor_step(X, Y, parameters),
                "backprop": backprop_step(X, Y, parameters, arguments.model),
                "readable": readable_step(X, Y, parameters, arguments.model),
                **torch_steps(X, Y, parameters, arguments.model),
                "sklearn": sklearn_step(X, Y, n_1, arguments.model),
                "checks": check_cost(X, Y, parameters, arguments.model),
            }
            best = interleaved_best(functions, arguments.rounds, arguments.target)
            ms = {name: seconds * 1e3 for name, seconds in best.items()}
            print(
                f"| {m}, {n_x}, {n_1} | {np.dtype(dtype).name} | {ms['floor']:.3f} | {ms['backprop']:.3f} "
                f"| {ms['backprop'] / ms['floor']:.2f} | {ms['readable']:.3f} | {ms['readable'] / ms['floor']:.2f} "
                f"| {ms['torch autograd']:.3f} | {ms['backprop'] / ms['torch autograd']:.2f} "
                f"| {ms['torch by hand']:.3f} | {ms['backprop'] / ms['torch by hand']:.2f} "
                f"| {ms['sklearn']:.3f} | {ms['backprop'] / ms['sklearn']:.2f} | {best['checks'] * 1e6:.0f} |",
                flush=True,
            )
    print()
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    sys.exit(main())
