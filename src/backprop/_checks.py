"""Input checks shared by the public functions.

Every public function converts its array arguments here, so a wrong shape,
dtype or value fails at the call with a message that names the argument,
what it received and what was expected, instead of broadcasting silently or
returning ``nan``.
"""

from __future__ import annotations

import numbers

import numpy as np


#: The dtypes the arithmetic runs in; other real dtypes are converted to float64.
FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def describe(value: object) -> str:
    """Describe a value for an error message: its type, and shape and dtype for arrays."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _first_bad_entry(array: np.ndarray, bad: np.ndarray) -> str:
    """Describe the first flagged entry of ``array`` and how many entries are flagged."""
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    count = int(bad.sum())
    others = f" and {count - 1} more" if count > 1 else ""
    return f"{float(array[index])!r} at index {index}{others}, in an array of shape {array.shape}"


def check_values(name: str, array: np.ndarray, *, finite: bool) -> None:
    """Reject NaN in ``array``, and infinities too when ``finite`` is true.

    The common case, an array that passes, costs one pass of ``np.isfinite``
    (or ``np.isnan``) over the data.
    """
    if finite:
        if np.isfinite(array).all():
            return
        nan = np.isnan(array)
        if not nan.any():
            raise ValueError(
                f"{name} contains an infinite value ({_first_bad_entry(array, ~np.isfinite(array))}); "
                "expected finite numbers"
            )
    else:
        nan = np.isnan(array)
        if not nan.any():
            return
    raise ValueError(f"{name} contains NaN ({_first_bad_entry(array, nan)}); expected real numbers")


def _float_array(name: str, value: object, *, integers: bool) -> np.ndarray:
    """Convert ``value`` to a float32 or float64 array without looking at its values."""
    if type(value) is np.ndarray and value.dtype in FLOAT_DTYPES:
        return value
    if isinstance(value, np.ma.MaskedArray):
        # np.asarray would drop the mask and compute with the masked-out values.
        raise TypeError(f"{name} must be a plain array, got a masked array of shape {value.shape}; fill it first")
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must contain real numbers, got {describe(value)}")
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be an array of real numbers, got {describe(value)}") from error
    if array.dtype in FLOAT_DTYPES:
        return array
    received = describe(value) if isinstance(value, np.ndarray) else f"{describe(value)}, {describe(array)}"
    if array.dtype.kind in "iu" and not integers:
        raise TypeError(
            f"{name} must be a float32 or float64 array, got {received}; convert it with {name}.astype(np.float64)"
        )
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must contain real numbers (an integer or float dtype), got {received}")
    # Integers, float16 and extended precision are converted to float64 for the arithmetic.
    return array.astype(np.float64)


def as_float_array(name: str, value: object, *, integers: bool = True, finite: bool = False) -> np.ndarray:
    """Convert ``value`` to a floating-point array, keeping float32 and float64.

    Integers become float64 when ``integers`` is true and are rejected with a
    ``TypeError`` otherwise; float16 and extended precision become float64.
    Booleans, complex numbers, strings and objects are rejected with a
    ``TypeError``, NaN with a ``ValueError``. Infinities pass unless
    ``finite`` is true, because the element-wise functions are defined there.
    """
    array = _float_array(name, value, integers=integers)
    check_values(name, array, finite=finite)
    return array


def _not_2d_message(name: str, array: np.ndarray, rows: int | None, cols: int | None, expected: str,
                    named: str, examples: bool) -> str:
    """Word the error for an array that is not 2-D, with the reshape that fixes a 1-D one."""
    if examples:
        # The notation page shows this message for labels of shape (m,).
        message = f"{name} must be a 2-D array with examples as columns, got shape {array.shape}"
        if array.ndim == 1 and rows == 1:
            return f"{message}; reshape a vector with {name}.reshape(1, -1) (one example per column)"
        if array.ndim == 1 and array.shape[0] == rows:
            return f"{message}; reshape a single example with {name}.reshape(-1, 1)"
        return f"{message}; expected shape {expected}{named}"
    message = f"{name} must be a 2-D array of shape {expected}{named}, got shape {array.shape}"
    if array.ndim == 1 and rows == 1:
        return f"{message}; reshape it with {name}.reshape(1, -1)"
    if array.ndim == 1 and cols == 1:
        return f"{message}; reshape it with {name}.reshape(-1, 1)"
    return message


def as_matrix(
    name: str,
    value: object,
    *,
    rows: int | None = None,
    cols: int | None = None,
    finite: bool = True,
    integers: bool = True,
    symbols: str = "",
    examples: bool = True,
) -> np.ndarray:
    """Convert ``value`` to a 2-D float array and check its shape.

    ``rows`` and ``cols`` fix a dimension when given. A 1-D array is rejected
    rather than reshaped, because ``(m,)`` labels against ``(1, m)``
    predictions would broadcast to an ``(m, m)`` matrix. ``symbols`` names
    the expected shape in the notation of the pages, for example
    ``"(n_1, 1)"``. ``examples`` is true when the columns are examples
    (``X``, ``Y``) and false for parameters; it changes only the wording of
    the errors. ``integers`` and ``finite`` are passed to
    ``as_float_array``; the values are checked after the shape.
    """
    array = _float_array(name, value, integers=integers)
    expected = f"({'?' if rows is None else rows}, {'?' if cols is None else cols})"
    named = f", that is {symbols}" if symbols else ""
    if array.ndim != 2:
        raise ValueError(_not_2d_message(name, array, rows, cols, expected, named, examples))
    if (rows is not None and array.shape[0] != rows) or (cols is not None and array.shape[1] != cols):
        hint = ""
        if array.shape[::-1] == (rows, cols):
            hint = f"; transpose it with {name}.T"
        raise ValueError(f"{name} must have shape {expected}{named}, got shape {array.shape}{hint}")
    if array.size == 0:
        if examples and array.shape[0] > 0:
            raise ValueError(
                f"{name} has no examples (shape {array.shape}); expected at least one column, one example per column"
            )
        raise ValueError(
            f"{name} is empty (shape {array.shape}); expected shape {symbols or expected} with every dimension at least 1"
        )
    check_values(name, array, finite=finite)
    return array


def check_binary_labels(name: str, Y: np.ndarray) -> None:
    """Reject labels other than 0 and 1."""
    bad = (Y != 0) & (Y != 1)
    if bad.any():
        raise ValueError(
            f"{name} must contain only the labels 0 and 1 for classification, got {_first_bad_entry(Y, bad)}"
        )


def check_seed(name: str, value: object) -> int | None:
    """Return ``value`` after checking that it is a non-negative integer or ``None``."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a non-negative integer or None, got {describe(value)}")
    if value < 0:
        raise ValueError(f"{name} must be a non-negative integer or None, got {int(value)}")
    return int(value)


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
