"""The figures the site draws while it builds, each as SVG text for a colour scheme.

Every figure function takes ``scheme``, ``"light"`` or ``"dark"``, and
returns a ``matplotlib.figure.Figure``; ``render_svg`` turns it into
SVG text that is the same on every run. The backgrounds are transparent, so
the text and axes colours are what the scheme changes.

This module needs matplotlib (the ``figures`` extra). It uses the
object-oriented API, never ``pyplot``, so drawing touches no global state.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import lru_cache

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from .activations import sigmoid, sigmoid_derivative
from .datasets import make_regression, make_two_class
from .gradcheck import gradient_check
from .network import MODELS, forward, init_parameters
from .training import train

SCHEMES = ("light", "dark")

# Text and line colours per scheme; Material's default light page is white
# and its "slate" dark page is a dark blue-grey.
_INK = {"light": "#1f2328", "dark": "#e6e6e6"}
_GRID = {"light": "#d0d7de", "dark": "#4a5160"}
_COLORS = {
    "light": {"regression": "#0b62c4", "classification": "#c2410c", "third": "#15803d"},
    "dark": {"regression": "#6cb4ff", "classification": "#ff9f5a", "third": "#5fd38b"},
}

#: Settings of the two example runs that the pages and figures show.
REGRESSION_RUN = {"n_1": 16, "learning_rate": 0.3, "num_iterations": 3000, "seed": 0}
CLASSIFICATION_RUN = {"n_1": 8, "learning_rate": 2.0, "num_iterations": 3000, "seed": 0}

#: The (n_x, n_1, m) shapes at which the gradient-check figure compares the two passes.
GRADIENT_CHECK_SHAPES = ((1, 1, 1), (2, 3, 4), (3, 5, 7), (4, 8, 16))


def _check_scheme(scheme: str) -> str:
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}")
    return scheme


def _style(scheme: str) -> dict[str, object]:
    """Return rc settings for one scheme; used in ``matplotlib.rc_context``, never globally."""
    ink = _INK[scheme]
    return {
        "svg.hashsalt": "backprop",
        "svg.fonttype": "path",
        "font.size": 10,
        "text.color": ink,
        "axes.labelcolor": ink,
        "axes.edgecolor": ink,
        "xtick.color": ink,
        "ytick.color": ink,
        "axes.grid": True,
        "grid.color": _GRID[scheme],
        "grid.linewidth": 0.6,
        "legend.frameon": False,
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "savefig.facecolor": "none",
        "savefig.transparent": True,
    }


@lru_cache(maxsize=None)
def example_runs() -> dict[str, tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], list[float]]]:
    """Train both example models once and return ``{model: (X, Y, parameters, losses)}``."""
    X_regression, Y_regression = make_regression(seed=0)
    X_classification, Y_classification = make_two_class(seed=0)
    parameters_regression, losses_regression = train(
        X_regression, Y_regression, "regression", **REGRESSION_RUN
    )
    parameters_classification, losses_classification = train(
        X_classification, Y_classification, "classification", **CLASSIFICATION_RUN
    )
    return {
        "regression": (X_regression, Y_regression, parameters_regression, losses_regression),
        "classification": (X_classification, Y_classification, parameters_classification, losses_classification),
    }


def sigmoid_figure(scheme: str = "light") -> Figure:
    r"""Draw $\sigma(z)$ and $\sigma'(z) = \sigma(z)(1 - \sigma(z))$ on $[-8, 8]$."""
    colors = _COLORS[_check_scheme(scheme)]
    z = np.linspace(-8, 8, 401)
    with matplotlib.rc_context(_style(scheme)):
        figure = Figure(figsize=(6.4, 3.2))
        axes = figure.add_subplot()
        axes.plot(z, sigmoid(z), color=colors["regression"], linewidth=2, label=r"$\sigma(z)$")
        axes.plot(z, sigmoid_derivative(z), color=colors["classification"], linewidth=2,
                  label=r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$")
        axes.axhline(0.25, color=colors["classification"], linewidth=0.8, linestyle=":")
        axes.annotate(r"$\sigma'(0) = 1/4$", xy=(0, 0.25), xytext=(1.2, 0.33), color=_INK[scheme],
                      arrowprops={"arrowstyle": "->", "color": _INK[scheme]})
        axes.set_xlabel("$z$")
        axes.set_ylim(-0.05, 1.05)
        axes.legend(loc="center right")
        figure.tight_layout()
    return figure


def training_loss_figure(scheme: str = "light") -> Figure:
    """Draw the loss of both example models against the gradient-descent iteration."""
    colors = _COLORS[_check_scheme(scheme)]
    runs = example_runs()
    labels = {"regression": "regression, half MSE", "classification": "classification, cross-entropy"}
    with matplotlib.rc_context(_style(scheme)):
        figure = Figure(figsize=(6.4, 3.2))
        axes = figure.add_subplot()
        for model in MODELS:
            losses = runs[model][3]
            axes.plot(np.arange(1, len(losses) + 1), losses, color=colors[model], linewidth=2,
                      label=labels[model])
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlabel("iteration")
        axes.set_ylabel("training loss")
        axes.legend()
        figure.tight_layout()
    return figure


def regression_fit_figure(scheme: str = "light") -> Figure:
    """Draw the regression data and the trained network's prediction over the input range."""
    colors = _COLORS[_check_scheme(scheme)]
    X, Y, parameters, _ = example_runs()["regression"]
    grid = np.linspace(-2.2, 2.2, 300).reshape(1, -1)
    prediction, _ = forward(grid, parameters, "regression")
    with matplotlib.rc_context(_style(scheme)):
        figure = Figure(figsize=(6.4, 3.4))
        axes = figure.add_subplot()
        axes.scatter(X[0], Y[0], s=14, color=colors["classification"], label="training examples")
        axes.plot(grid[0], np.sin(2 * grid[0]) + grid[0] / 2, color=_INK[scheme], linewidth=1,
                  linestyle="--", label=r"noise-free target $\sin 2x + x/2$")
        axes.plot(grid[0], prediction[0], color=colors["regression"], linewidth=2,
                  label=r"network output $\hat{y}$")
        axes.set_xlabel("$x$")
        axes.set_ylabel("$y$")
        axes.legend(loc="upper left")
        figure.tight_layout()
    return figure


def decision_boundary_figure(scheme: str = "light") -> Figure:
    r"""Draw the two-class data over the classifier's probability, with the boundary $\hat{y} = 1/2$."""
    colors = _COLORS[_check_scheme(scheme)]
    X, Y, parameters, _ = example_runs()["classification"]
    x0, x1 = np.meshgrid(np.linspace(-1.8, 2.8, 200), np.linspace(-1.3, 1.8, 150))
    grid = np.stack([x0.ravel(), x1.ravel()])
    probability, _ = forward(grid, parameters, "classification")
    probability = probability.reshape(x0.shape)
    with matplotlib.rc_context(_style(scheme)):
        figure = Figure(figsize=(6.4, 4.0))
        axes = figure.add_subplot()
        axes.grid(False)
        shading = axes.contourf(x0, x1, probability, levels=np.linspace(0, 1, 11), cmap="RdBu_r",
                                alpha=0.35)
        axes.contour(x0, x1, probability, levels=[0.5], colors=[_INK[scheme]], linewidths=1.5)
        for label, model_color, name in ((0, "regression", "class 0"), (1, "classification", "class 1")):
            chosen = Y[0] == label
            axes.scatter(X[0, chosen], X[1, chosen], s=12, color=colors[model_color], label=name)
        figure.colorbar(shading, ax=axes, label=r"$\hat{y} = \sigma(z^{[2]})$")
        axes.set_xlabel("$x_1$")
        axes.set_ylabel("$x_2$")
        axes.legend(loc="lower left")
        figure.tight_layout()
    return figure


def gradient_check_results() -> dict[str, list[float]]:
    """Run the gradient check of both models at each of ``GRADIENT_CHECK_SHAPES``.

    Returns:
        ``{model: [largest relative error at each shape]}``.
    """
    rng = np.random.default_rng(0)
    results: dict[str, list[float]] = {model: [] for model in MODELS}
    for n_x, n_1, m in GRADIENT_CHECK_SHAPES:
        X = rng.standard_normal((n_x, m))
        targets = {"regression": rng.standard_normal((1, m)),
                   "classification": (rng.random((1, m)) < 0.5).astype(float)}
        parameters = init_parameters(n_x, n_1, seed=int(rng.integers(1_000_000)))
        parameters["b1"] = rng.standard_normal((n_1, 1))
        parameters["b2"] = rng.standard_normal((1, 1))
        for model in MODELS:
            errors = gradient_check(parameters, X, targets[model], model)
            results[model].append(max(errors.values()))
    return results


def gradient_check_figure(scheme: str = "light") -> Figure:
    """Draw the largest relative error of the gradient check per shape, for both models."""
    colors = _COLORS[_check_scheme(scheme)]
    results = gradient_check_results()
    labels = [f"n_x={n_x}\nn_1={n_1}\nm={m}" for n_x, n_1, m in GRADIENT_CHECK_SHAPES]
    positions = np.arange(len(labels))
    with matplotlib.rc_context(_style(scheme)):
        figure = Figure(figsize=(6.4, 3.4))
        axes = figure.add_subplot()
        for offset, model in ((-0.18, "regression"), (0.18, "classification")):
            axes.bar(positions + offset, results[model], width=0.34, color=colors[model], label=model)
        axes.axhline(1e-7, color=_INK[scheme], linestyle="--", linewidth=1, label="pass threshold $10^{-7}$")
        axes.set_yscale("log")
        axes.set_ylim(1e-13, 1e-5)
        axes.set_xticks(positions, labels)
        axes.set_ylabel("largest relative error")
        axes.legend(loc="upper left", ncols=3, fontsize=8)
        figure.tight_layout()
    return figure


def saturation_figure(scheme: str = "light") -> Figure:
    r"""Draw $dz$ against $z$ for the label $y = 0$: cross-entropy's $a - y$ and squared error's $(a - y)\,a(1 - a)$."""
    colors = _COLORS[_check_scheme(scheme)]
    z = np.linspace(-10, 10, 401)
    a = sigmoid(z)
    with matplotlib.rc_context(_style(scheme)):
        figure = Figure(figsize=(6.4, 3.4))
        axes = figure.add_subplot()
        axes.plot(z, a, color=colors["classification"], linewidth=2,
                  label=r"sigmoid + cross-entropy: $dz = a - y$")
        axes.plot(z, a * a * (1 - a), color=colors["regression"], linewidth=2,
                  label=r"sigmoid + squared error: $dz = (a - y)\,a(1 - a)$")
        axes.axvspan(4, 10, color=_GRID[scheme], alpha=0.35, linewidth=0)
        axes.annotate("confidently wrong:\nsquared error barely moves", xy=(7, 0.02), xytext=(2.2, 0.45),
                      color=_INK[scheme], arrowprops={"arrowstyle": "->", "color": _INK[scheme]})
        axes.set_xlabel(r"pre-activation $z$ (label $y = 0$)")
        axes.set_ylabel(r"$dz = \partial \mathcal{L} / \partial z$")
        axes.set_ylim(-0.03, 1.03)
        axes.legend(loc="upper left", fontsize=8)
        figure.tight_layout()
    return figure


#: The figures of the site, by the file name stem the pages use.
FIGURES: dict[str, Callable[[str], Figure]] = {
    "sigmoid": sigmoid_figure,
    "training-loss": training_loss_figure,
    "regression-fit": regression_fit_figure,
    "decision-boundary": decision_boundary_figure,
    "gradient-check": gradient_check_figure,
    "saturation": saturation_figure,
}


def render_svg(figure: Figure) -> str:
    """Return the SVG text of ``figure``, identical on every run for the same figure.

    The metadata carries no date and the element ids are derived from the
    fixed ``svg.hashsalt`` set by the figure functions.

    Examples:
        >>> from backprop.figures import render_svg, sigmoid_figure
        >>> svg = render_svg(sigmoid_figure("dark"))
        >>> svg.startswith("<?xml") and svg == render_svg(sigmoid_figure("dark"))
        True
    """
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "backprop"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()
