# Plot YOUR activation functions and their derivatives, one subplot per function.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
import numpy as np

z = np.linspace(-5, 5, 1001)  # contains z = 0 exactly (the middle point)
alpha = 0.1
panels = [
    ("sigmoid", sigmoid(z), sigmoid_derivative(z)),
    ("tanh", tanh(z), tanh_derivative(z)),
    ("ReLU", relu(z), relu_derivative(z)),
    (f"leaky ReLU (alpha = {alpha})", leaky_relu(z, alpha), leaky_relu_derivative(z, alpha)),
]

fig, axes = plt.subplots(2, 2, figsize=(9, 7))
for ax, (name, g, g_prime) in zip(axes.flat, panels, strict=True):
    ax.plot(z, g, label="g(z)")
    ax.plot(z, g_prime, "--", label="g'(z)")
    ax.axhline(0, color="gray", linewidth=0.5)
    ax.axvline(0, color="gray", linewidth=0.5)
    ax.set_title(name)
    ax.set_xlabel("z")
    ax.legend()
    print(f"{name}: g(0) = {float(g[500]):.4g}, g'(0) = {float(g_prime[500]):.4g}")
fig.tight_layout()
plt.show()
