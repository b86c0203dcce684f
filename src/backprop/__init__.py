"""Forward and back propagation for a two-layer network, one function per derivation step.

The public API is flat: ``from backprop import forward, backward``. The
figures live in ``backprop.figures``, which needs matplotlib and is not
imported here, so importing the package loads only NumPy.
"""

from .activations import identity, identity_derivative, sigmoid, sigmoid_derivative, softmax
from .datasets import make_regression, make_two_class
from .gradcheck import gradient_check, numerical_gradients, relative_error
from .losses import binary_cross_entropy, binary_cross_entropy_gradient, half_mse, half_mse_gradient
from .network import MODELS, Cache, backward, compute_loss, forward, init_parameters
from .training import train, train_reference, update_parameters

__all__ = [
    "MODELS",
    "Cache",
    "backward",
    "binary_cross_entropy",
    "binary_cross_entropy_gradient",
    "compute_loss",
    "forward",
    "gradient_check",
    "half_mse",
    "half_mse_gradient",
    "identity",
    "identity_derivative",
    "init_parameters",
    "make_regression",
    "make_two_class",
    "numerical_gradients",
    "relative_error",
    "sigmoid",
    "sigmoid_derivative",
    "softmax",
    "train",
    "train_reference",
    "update_parameters",
]
