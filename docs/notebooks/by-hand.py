# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Backpropagation by hand
#
# The derivation pages state every step of the forward and backward pass as a
# formula. This notebook runs those formulas one line at a time on a network
# small enough to check with a pencil: $n_x = 2$ inputs, $n_1 = 3$ hidden
# units, one output unit and $m = 4$ examples. Every matrix is printed with
# its name in the code, its shape in symbols and its shape in numbers, so each
# printed block can be matched with its formula on
# [forward propagation](../forward.html) and
# [back propagation for regression](../backprop-regression.html).
#
# The same inputs and parameters go through both models: first regression
# (linear output, half mean squared error), then binary classification
# (sigmoid output, cross-entropy). At the end the package `backprop` computes
# the same numbers, and finite differences check the gradients.
#
# To run the notebook yourself, install the package from the repository
# (`pip install -e '.[docs]'`) and open it in Jupyter.

# %%
import numpy as np

from backprop import (
    backward, compute_loss, forward, gradient_check, sigmoid,
    update_parameters,
)


def show(name, value, shape):
    """Print an array with its code name and its shape.

    The shape appears in symbols, then in numbers.
    """
    print(f"{name}  {shape} = {value.shape}")
    print(np.array2string(value, precision=4, floatmode="fixed",
                          suppress_small=True))
    print()


# %% [markdown]
# ## The inputs and the parameters
#
# The four examples are the columns of $X$, so $X$ has shape $(n_x, m) = (2, 4)$:
# column $i$ is the example $x^{(i)}$. The parameters are round numbers
# rather than random ones, so that the first few products can be checked by
# hand. $W^{[1]}$ has one row per hidden unit and one column per input;
# $W^{[2]}$ has one row, for the single output unit, and one column per
# hidden unit.

# %%
X = np.array([[1.0, -1.0, 0.5, 2.0],
              [0.5, 2.0, -1.5, 1.0]])
W1 = np.array([[0.5, -0.3],
               [0.2, 0.8],
               [-0.6, 0.4]])
b1 = np.array([[0.1],
               [-0.2],
               [0.05]])
W2 = np.array([[0.7, -0.5, 0.3]])
b2 = np.array([[0.1]])
parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
m = X.shape[1]

show("X", X, "(n_x, m)")
show("W1", W1, "(n_1, n_x)")
show("b1", b1, "(n_1, 1)")
show("W2", W2, "(1, n_1)")
show("b2", b2, "(1, 1)")

# %% [markdown]
# ## Regression
#
# The regression targets are four real numbers, one per example, in a row
# $Y$ of shape $(1, m)$.

# %%
Y = np.array([[1.5, -0.5, 0.8, 2.0]])
show("Y", Y, "(1, m)")

# %% [markdown]
# ### Regression: the forward pass
#
# The hidden layer computes $Z^{[1]} = W^{[1]} X + b^{[1]}$ and
# $A^{[1]} = \sigma(Z^{[1]})$, both of shape $(n_1, m) = (3, 4)$. Entry
# $(j, i)$ of $Z^{[1]}$ is the pre-activation $z_j^{[1](i)}$ of hidden unit
# $j$ for example $i$. The bias column $b^{[1]}$ is added to every column of
# $W^{[1]} X$.

# %%
Z1 = W1 @ X + b1
A1 = sigmoid(Z1)
show("Z1", Z1, "(n_1, m)")
show("A1", A1, "(n_1, m)")

# %% [markdown]
# The top-left entries by hand: the weighted sum of the first hidden unit
# for the first example, then its sigmoid,
#
# $$
# z_1^{[1](1)} = w_{11}^{[1]} x_1^{(1)} + w_{12}^{[1]} x_2^{(1)} + b_1^{[1]},
# \qquad
# a_1^{[1](1)} = \frac{1}{1 + e^{-z_1^{[1](1)}}} .
# $$

# %%
z = W1[0, 0] * X[0, 0] + W1[0, 1] * X[1, 0] + b1[0, 0]
a = 1 / (1 + np.exp(-z))
print(f"z = {W1[0, 0]} * {X[0, 0]} + ({W1[0, 1]}) * {X[1, 0]}"
      f" + {b1[0, 0]} = {z:.4f}")
print(f"a = 1 / (1 + exp(-{z:.4f})) = {a:.4f}")
print(f"Z1[0, 0] = {Z1[0, 0]:.4f}, A1[0, 0] = {A1[0, 0]:.4f}")

# %% [markdown]
# The output unit takes the three hidden activations of each example:
# $Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}$, a row of shape $(1, m)$. For
# regression the output is linear, $A^{[2]} = Z^{[2]}$, and the loss is half
# the mean squared error,
#
# $$
# \mathcal{L} = \frac{1}{2m} \sum_{i=1}^{m} \left(a^{[2](i)} - y^{(i)}\right)^2 .
# $$

# %%
Z2 = W2 @ A1 + b2
A2 = Z2
loss = np.sum((A2 - Y) ** 2) / (2 * m)
show("Z2", Z2, "(1, m)")
show("A2", A2, "(1, m)")
print(f"loss = {loss:.6f}")

# %% [markdown]
# ### Regression: the backward pass
#
# The backward pass runs the seven equations of
# [back propagation for regression](../backprop-regression.html) in order.
# The output error is [$dZ^{[2]} = \frac{1}{m}(A^{[2]} - Y)$](../backprop-regression.html#dz2),
# and the output layer's gradients follow from it:
# [$dW^{[2]} = dZ^{[2]} A^{[1]T}$](../backprop-regression.html#dw2), of shape
# $(1, m)(m, n_1) = (1, n_1)$, and
# [$db^{[2]} = \sum_i dz^{[2](i)}$](../backprop-regression.html#db2), of
# shape $(1, 1)$.

# %%
dZ2 = (A2 - Y) / m
dW2 = dZ2 @ A1.T
db2 = np.sum(dZ2, axis=1, keepdims=True)
show("dZ2", dZ2, "(1, m)")
show("dW2", dW2, "(1, n_1)")
show("db2", db2, "(1, 1)")

# %% [markdown]
# Entry $k$ of $dW^{[2]}$ adds up, over the four examples, the output error
# times the activation of hidden unit $k$:
# $\partial \mathcal{L} / \partial W^{[2]}_{1k} = \sum_i dz^{[2](i)} a_k^{[1](i)}$.
# For $k = 1$:

# %%
total = 0.0
for i in range(m):
    term = dZ2[0, i] * A1[0, i]
    total += term
    print(f"example {i + 1}: dz2 * a1 = ({dZ2[0, i]:.4f}) * {A1[0, i]:.4f}"
          f" = {term:.4f}")
print(f"sum = {total:.4f}, and dW2[0, 0] = {dW2[0, 0]:.4f}")

# %% [markdown]
# The error reaches the hidden layer through the weights of the output unit,
# [$dA^{[1]} = W^{[2]T} dZ^{[2]}$](../backprop-regression.html#da1), of shape
# $(n_1, 1)(1, m) = (n_1, m)$. Each entry is then multiplied by the slope of
# the sigmoid at that entry,
# [$dZ^{[1]} = dA^{[1]} \odot A^{[1]} \odot (1 - A^{[1]})$](../backprop-regression.html#dz1),
# and the hidden layer's gradients have the same form as the output layer's:
# [$dW^{[1]} = dZ^{[1]} X^T$](../backprop-regression.html#dw1), of shape
# $(n_1, m)(m, n_x) = (n_1, n_x)$, and
# [$db^{[1]} = \sum_i dz^{[1](i)}$](../backprop-regression.html#db1), of shape
# $(n_1, 1)$.

# %%
dA1 = W2.T @ dZ2
dZ1 = dA1 * A1 * (1 - A1)
dW1 = dZ1 @ X.T
db1 = np.sum(dZ1, axis=1, keepdims=True)
show("dA1", dA1, "(n_1, m)")
show("dZ1", dZ1, "(n_1, m)")
show("dW1", dW1, "(n_1, n_x)")
show("db1", db1, "(n_1, 1)")

# %% [markdown]
# Each gradient has the shape of its variable: $dW^{[1]}$ is $(3, 2)$ like
# $W^{[1]}$, $db^{[1]}$ is $(3, 1)$ like $b^{[1]}$. The arrays are kept
# under their names for the comparison with the package below.

# %%
by_hand = {"regression": {
    "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2, "loss": loss,
    "dZ2": dZ2, "dW2": dW2, "db2": db2,
    "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1,
}}

# %% [markdown]
# ### One step of gradient descent
#
# The update $\theta \leftarrow \theta - \alpha\, d\theta$ with learning rate
# $\alpha = 0.5$ moves every parameter against its gradient. The loss on the
# same four examples goes down:

# %%
alpha = 0.5
gradients = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
stepped = {name: parameters[name] - alpha * gradients[name]
           for name in parameters}
A1_after = sigmoid(stepped["W1"] @ X + stepped["b1"])
A2_after = stepped["W2"] @ A1_after + stepped["b2"]
loss_after = np.sum((A2_after - Y) ** 2) / (2 * m)
show("W2 after the step", stepped["W2"], "(1, n_1)")
print(f"loss before the step = {loss:.6f}")
print(f"loss after the step  = {loss_after:.6f}")

# %% [markdown]
# ## Binary classification
#
# The classifier uses the same inputs and the same parameters with labels
# $0$ and $1$. Only the output unit and the loss change: the output is the
# sigmoid $A^{[2]} = \sigma(Z^{[2]})$, read as the probability of the label
# $1$, and the loss is the cross-entropy
#
# $$
# \mathcal{L} = -\frac{1}{m} \sum_{i=1}^{m} \left[ y^{(i)} \log a^{[2](i)} + \left(1 - y^{(i)}\right) \log\left(1 - a^{[2](i)}\right) \right].
# $$

# %%
Y = np.array([[1.0, 0.0, 0.0, 1.0]])
show("Y", Y, "(1, m)")

# %% [markdown]
# ### Classification: the forward pass
#
# The hidden layer does not know which model it feeds, so $Z^{[1]}$,
# $A^{[1]}$ and $Z^{[2]}$ are the numbers printed for regression. Only
# $A^{[2]}$ differs: every entry now lies between $0$ and $1$.

# %%
Z1 = W1 @ X + b1
A1 = sigmoid(Z1)
Z2 = W2 @ A1 + b2
A2 = sigmoid(Z2)
loss = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m
show("Z1", Z1, "(n_1, m)")
show("A1", A1, "(n_1, m)")
show("Z2", Z2, "(1, m)")
show("A2", A2, "(1, m)")
print(f"loss = {loss:.6f}")

# %% [markdown]
# ### Classification: the backward pass
#
# [Binary cross-entropy](../cross-entropy.html#dz) shows that the sigmoid's
# slope cancels the denominators of $\partial \mathcal{L} / \partial a$, so
# the output error has the same formula as for regression,
# $dZ^{[2]} = \frac{1}{m}(A^{[2]} - Y)$. The chain-rule form gives the same
# numbers, entry by entry:

# %%
dA2 = (-Y / A2 + (1 - Y) / (1 - A2)) / m
show("dA2 * A2 * (1 - A2)", dA2 * A2 * (1 - A2), "(1, m)")
show("(A2 - Y) / m", (A2 - Y) / m, "(1, m)")

# %% [markdown]
# From $dZ^{[2]}$ on, the lines are the regression lines, unchanged, as
# [the shared update rule](../shared-update.html) states. The numbers differ
# from the regression ones because $A^{[2]}$ and $Y$ differ.

# %%
dZ2 = (A2 - Y) / m
dW2 = dZ2 @ A1.T
db2 = np.sum(dZ2, axis=1, keepdims=True)
dA1 = W2.T @ dZ2
dZ1 = dA1 * A1 * (1 - A1)
dW1 = dZ1 @ X.T
db1 = np.sum(dZ1, axis=1, keepdims=True)
show("dZ2", dZ2, "(1, m)")
show("dW2", dW2, "(1, n_1)")
show("db2", db2, "(1, 1)")
show("dA1", dA1, "(n_1, m)")
show("dZ1", dZ1, "(n_1, m)")
show("dW1", dW1, "(n_1, n_x)")
show("db1", db1, "(n_1, 1)")

by_hand["classification"] = {
    "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2, "loss": loss,
    "dZ2": dZ2, "dW2": dW2, "db2": db2,
    "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1,
}

# %% [markdown]
# ## The package computes the same numbers
#
# `backprop.forward` and `backprop.backward` run the same equations, written
# once for both models (the code is shown on the derivation pages). For each
# model and each array, the cell below prints the largest absolute difference
# between the package's value and the one computed above. The labels of each
# model are passed again, since `Y` now contains the classification labels.

# %%
targets = {"regression": np.array([[1.5, -0.5, 0.8, 2.0]]),
           "classification": np.array([[1.0, 0.0, 0.0, 1.0]])}
differences = {}
for model, Y_model in targets.items():
    A2_package, cache = forward(X, parameters, model)
    package = {"Z1": cache.Z1, "A1": cache.A1, "Z2": cache.Z2,
               "A2": A2_package, "loss": compute_loss(cache, Y_model),
               **backward(parameters, cache, Y_model)}
    differences[model] = {
        name: float(np.max(np.abs(np.asarray(package[name]) - value)))
        for name, value in by_hand[model].items()
    }
    print(f"{model}: {', '.join(differences[model])}")
    print(f"    largest difference {max(differences[model].values()):.1e}")

# %% [markdown]
# A difference of order $10^{-16}$ is rounding in the last digit: the package
# computes the cross-entropy from $Z^{[2]}$, as
# [binary cross-entropy](../cross-entropy.html#from-z) explains, instead of
# taking $\log A^{[2]}$.
#
# The package's `update_parameters` takes the same step as the one taken by
# hand above:

# %%
_, cache = forward(X, parameters, "regression")
package_gradients = backward(parameters, cache, targets["regression"])
package_step = update_parameters(parameters, package_gradients, alpha)
for name in parameters:
    gap = np.max(np.abs(package_step[name] - stepped[name]))
    print(f"{name}: largest difference {gap:.1e}")

# %% [markdown]
# ## Gradient check
#
# Agreement with the package shows that the notebook and the package compute
# the same thing, not that either is right. The gradient check settles that:
# it moves each of the $13$ parameter entries by $\pm\epsilon$, recomputes the
# loss and compares the slope $(\mathcal{L}(\theta + \epsilon) -
# \mathcal{L}(\theta - \epsilon)) / 2\epsilon$ with the gradient of the
# backward pass. A relative error below $10^{-7}$ passes; a wrong formula
# gives errors of order $10^{-2}$ to $1$.

# %%
errors = {model: gradient_check(parameters, X, targets[model], model)
          for model in targets}
for model, model_errors in errors.items():
    for name, error in model_errors.items():
        verdict = "pass" if error < 1e-7 else "FAIL"
        print(f"{model:>14} {name}: relative error {error:.1e}  {verdict}")
assert all(error < 1e-7
           for model_errors in errors.values()
           for error in model_errors.values())
