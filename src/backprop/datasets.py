"""Small deterministic data sets for the pages and the tests.

Both generators return ``X`` of shape ``(n_x, m)`` and ``Y`` of shape
``(1, m)``, examples as columns, and give the same arrays for the same seed.
"""

from __future__ import annotations

import numpy as np

from ._checks import check_positive_int, check_seed, check_standard_deviation


def make_regression(m: int = 80, *, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Sample a noisy 1-D regression target $y = \sin(2x) + x/2 + \varepsilon$.

    The inputs are uniform on $[-2, 2]$ and the noise $\varepsilon$ is
    normal with standard deviation ``noise``. A straight line cannot fit the
    target, so the hidden layer has something to do.

    Args:
        m: Number of examples.
        noise: Standard deviation of the noise, at least 0.
        seed: Seed of the NumPy random generator.

    Returns:
        ``X`` of shape ``(1, m)`` and ``Y`` of shape ``(1, m)``, float64.

    Examples:
        >>> from backprop import make_regression
        >>> X, Y = make_regression(m=5, seed=0)
        >>> X.shape, Y.shape
        ((1, 5), (1, 5))
    """
    m = check_positive_int("m", m)
    noise = check_standard_deviation("noise", noise)
    rng = np.random.default_rng(check_seed("seed", seed))
    x = rng.uniform(-2.0, 2.0, size=(1, m))
    y = np.sin(2 * x) + x / 2 + noise * rng.standard_normal((1, m))
    return x, y


def make_two_class(m: int = 200, *, noise: float = 0.15, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Sample two interleaved half-moons in the plane, labelled 0 and 1.

    Half the examples lie near the upper arc $(\cos t, \sin t)$ and the rest
    near the lower arc $(1 - \cos t, 0.5 - \sin t)$, $t \in [0, \pi]$, with
    normal noise of standard deviation ``noise``. No straight line separates
    the classes; a hidden layer of a few units does.

    Args:
        m: Number of examples, at least 2.
        noise: Standard deviation of the noise, at least 0.
        seed: Seed of the NumPy random generator.

    Returns:
        ``X`` of shape ``(2, m)`` and ``Y`` of shape ``(1, m)`` holding 0.0 and 1.0.

    Examples:
        >>> from backprop import make_two_class
        >>> X, Y = make_two_class(m=6, seed=0)
        >>> X.shape, Y.tolist()
        ((2, 6), [[0.0, 0.0, 0.0, 1.0, 1.0, 1.0]])
    """
    m = check_positive_int("m", m)
    if m < 2:
        raise ValueError(f"m must be at least 2 so that both classes occur, got {m}")
    noise = check_standard_deviation("noise", noise)
    rng = np.random.default_rng(check_seed("seed", seed))
    m_upper = m // 2
    t = rng.uniform(0.0, np.pi, size=m)
    upper = np.stack([np.cos(t[:m_upper]), np.sin(t[:m_upper])])
    lower = np.stack([1 - np.cos(t[m_upper:]), 0.5 - np.sin(t[m_upper:])])
    X = np.concatenate([upper, lower], axis=1) + noise * rng.standard_normal((2, m))
    Y = np.concatenate([np.zeros(m_upper), np.ones(m - m_upper)]).reshape(1, m)
    return X, Y
