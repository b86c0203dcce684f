"""Tests of the two deterministic data sets."""

import numpy as np
import pytest

from backprop import make_regression, make_two_class

GENERATORS = [make_regression, make_two_class]


@pytest.mark.parametrize("m", [1, 7, 80])
def test_regression_shapes(m):
    X, Y = make_regression(m=m, seed=0)

    assert X.shape == (1, m)
    assert Y.shape == (1, m)
    assert X.dtype == np.float64
    assert Y.dtype == np.float64


@pytest.mark.parametrize("m", [2, 7, 200])
def test_two_class_shapes(m):
    X, Y = make_two_class(m=m, seed=0)

    assert X.shape == (2, m)
    assert Y.shape == (1, m)


def test_default_sizes():
    assert make_regression()[0].shape == (1, 80)
    assert make_two_class()[0].shape == (2, 200)


@pytest.mark.parametrize("generator", GENERATORS)
def test_same_seed_identical(generator):
    X_first, Y_first = generator(seed=3)
    X_second, Y_second = generator(seed=3)

    np.testing.assert_array_equal(X_first, X_second)
    np.testing.assert_array_equal(Y_first, Y_second)


@pytest.mark.parametrize("generator", GENERATORS)
def test_different_seeds_differ(generator):
    X_first, _ = generator(seed=3)
    X_second, _ = generator(seed=4)

    assert not np.array_equal(X_first, X_second)


def test_regression_inputs_in_range():
    X, _ = make_regression(m=500, seed=0)

    assert X.min() >= -2.0
    assert X.max() <= 2.0


def test_regression_noise_free_target():
    X, Y = make_regression(m=50, noise=0.0, seed=1)

    np.testing.assert_allclose(Y, np.sin(2 * X) + X / 2, rtol=1e-15, atol=1e-15)


def test_regression_noise_level():
    X, Y = make_regression(m=5000, noise=0.1, seed=2)
    residual = Y - (np.sin(2 * X) + X / 2)

    assert residual.std() == pytest.approx(0.1, rel=0.05)


@pytest.mark.parametrize("m", [2, 3, 9, 200])
def test_two_class_labels_binary(m):
    _, Y = make_two_class(m=m, seed=0)

    assert set(np.unique(Y).tolist()) == {0.0, 1.0}


@pytest.mark.parametrize("m", [2, 9, 200])
def test_two_class_balanced(m):
    # The first m // 2 examples are class 0 and the rest class 1.
    _, Y = make_two_class(m=m, seed=0)

    assert int((Y == 0).sum()) == m // 2
    assert int((Y == 1).sum()) == m - m // 2


def test_two_class_noise_free_arcs():
    X, Y = make_two_class(m=40, noise=0.0, seed=0)
    upper = X[:, Y[0] == 0]
    lower = X[:, Y[0] == 1]

    np.testing.assert_allclose(np.hypot(upper[0], upper[1]), 1.0, rtol=1e-12)
    np.testing.assert_allclose(np.hypot(1 - lower[0], 0.5 - lower[1]), 1.0, rtol=1e-12)


@pytest.mark.parametrize("generator", GENERATORS)
@pytest.mark.parametrize(("m", "error"), [(0, ValueError), (-3, ValueError), (5.0, TypeError), (True, TypeError)])
def test_bad_m_raises(generator, m, error):
    with pytest.raises(error, match="m must be a positive integer"):
        generator(m=m)


def test_two_class_single_example_raises():
    with pytest.raises(ValueError, match="m must be at least 2"):
        make_two_class(m=1)


@pytest.mark.parametrize("generator", GENERATORS)
@pytest.mark.parametrize("noise", [-0.1, float("nan"), float("inf")])
def test_bad_noise_raises(generator, noise):
    with pytest.raises(ValueError, match="noise must be a finite number >= 0"):
        generator(m=10, noise=noise)
