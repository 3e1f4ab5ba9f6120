# Symmetric starts stay symmetric: count the distinct hidden units after training.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
import numpy as np
from init_utils import forward_propagation, load_circles, model

train_X, train_Y, test_X, test_Y = load_circles()


def constant(layers_dims, value=0.5):
    """Every weight equal to `value`, every bias 0: symmetric, but not zero."""
    parameters = initialize_parameters_zeros(layers_dims)
    return {k: v + value if k.startswith("W") else v for k, v in parameters.items()}


starts = {"zeros": initialize_parameters_zeros, "all weights 0.5": constant, "He": initialize_parameters_he}
fig, axes = plt.subplots(1, 3, figsize=(15, 3.5))
for ax, (name, initialize) in zip(axes, starts.items(), strict=True):
    parameters, costs = model(train_X, train_Y, initialize, num_iterations=2000)
    distinct = [len(np.unique(np.round(parameters[f"W{l}"], 12), axis=0)) for l in (1, 2)]
    print(f"{name}: distinct units in layer 1: {distinct[0]} of 10, in layer 2: {distinct[1]} of 5 "
          f"(cost after 2000 iterations {costs[-1]:.4f})")
    _, cache = forward_propagation(train_X[:, :40], parameters)
    image = ax.imshow(cache["A1"], aspect="auto", cmap="viridis")
    ax.set_title(f"{name}: A1 after training")
    ax.set_xlabel("example")
    ax.set_ylabel("hidden unit")
    fig.colorbar(image, ax=ax)
fig.tight_layout()
plt.show()
