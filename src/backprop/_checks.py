"""Input checks shared by the public functions.

Every public function converts its array arguments here, so a wrong shape,
dtype or value fails at the call with a message that names the argument,
what it received and what was expected, instead of broadcasting silently or
returning ``nan``.
"""

from __future__ import annotations

import numbers

import numpy as np


def describe(value: object) -> str:
    """Describe a value for an error message: its type, and shape and dtype for arrays."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"


def as_float_array(name: str, value: object) -> np.ndarray:
    """Convert ``value`` to a floating-point array, keeping float32 and float64.

    Integers become float64. Booleans, complex numbers, strings and objects
    are rejected with a ``TypeError``; NaN is rejected with a ``ValueError``.
    Infinities pass, because the element-wise functions are defined there.
    """
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must contain real numbers, got {describe(value)}")
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be an array of real numbers, got {describe(value)}") from error
    if array.dtype.kind == "b" or array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must contain real numbers (an integer or float dtype), got {describe(array)}"
        )
    if array.dtype.kind in "iu":
        array = array.astype(np.float64)
    elif array.dtype not in (np.float32, np.float64):
        # float16 and extended precision are upcast to float64 for the arithmetic.
        array = array.astype(np.float64)
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN (shape {array.shape}); expected real numbers")
    return array


def as_matrix(
    name: str,
    value: object,
    *,
    rows: int | None = None,
    cols: int | None = None,
    finite: bool = True,
) -> np.ndarray:
    """Convert ``value`` to a 2-D float array and check its shape.

    ``rows`` and ``cols`` fix a dimension when given. A 1-D array is rejected
    rather than reshaped, because ``(m,)`` labels against ``(1, m)``
    predictions would broadcast to an ``(m, m)`` matrix.
    """
    array = as_float_array(name, value)
    if array.ndim != 2:
        hint = ""
        if array.ndim == 1:
            hint = f"; reshape a vector with {name}.reshape(1, -1) (one example per column)"
        raise ValueError(
            f"{name} must be a 2-D array with examples as columns, got shape {array.shape}{hint}"
        )
    expected = (
        "?" if rows is None else rows,
        "?" if cols is None else cols,
    )
    if (rows is not None and array.shape[0] != rows) or (cols is not None and array.shape[1] != cols):
        raise ValueError(
            f"{name} must have shape ({expected[0]}, {expected[1]}), got shape {array.shape}"
        )
    if array.shape[1] == 0:
        raise ValueError(f"{name} has no examples (shape {array.shape}); expected at least one column")
    if finite and not np.isfinite(array).all():
        raise ValueError(f"{name} contains an infinite value (shape {array.shape}); expected finite numbers")
    return array


def check_binary_labels(name: str, Y: np.ndarray) -> None:
    """Reject labels other than 0 and 1."""
    bad = (Y != 0) & (Y != 1)
    if bad.any():
        first = Y[bad].flat[0]
        raise ValueError(
            f"{name} must contain only the labels 0 and 1 for classification, "
            f"got {float(first)!r} among {int(bad.sum())} invalid entries"
        )


def check_positive_int(name: str, value: object) -> int:
    """Return ``value`` as an int after checking that it is a positive integer."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer, got {describe(value)}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {int(value)}")
    return int(value)


def check_positive_float(name: str, value: object) -> float:
    """Return ``value`` as a float after checking that it is finite and positive."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive real number, got {describe(value)}")
    number = float(value)
    if not np.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a finite positive number, got {number!r}")
    return number


def check_standard_deviation(name: str, value: object) -> float:
    """Return ``value`` as a float after checking that it is finite and at least 0."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number >= 0, got {describe(value)}")
    number = float(value)
    if not np.isfinite(number) or number < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {number!r}")
    return number
