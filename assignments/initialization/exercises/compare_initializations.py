# Train the same network from YOUR three initializations and compare.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
import numpy as np
from init_utils import accuracy, load_circles, model, plot_decision_boundary

train_X, train_Y, test_X, test_Y = load_circles()
initializations = {
    "zeros": initialize_parameters_zeros,
    "random x 10": initialize_parameters_random,
    "He": initialize_parameters_he,
}

results = {}
for name, initialize in initializations.items():
    parameters, costs = model(train_X, train_Y, initialize)
    results[name] = (parameters, costs)
    print(f"{name}: cost {costs[0]:.4f} -> {costs[-1]:.4f}, "
          f"train accuracy {accuracy(train_X, train_Y, parameters):.1%}, "
          f"test accuracy {accuracy(test_X, test_Y, parameters):.1%}")

fig, axes = plt.subplots(1, 4, figsize=(18, 4.2))
for name, (_, costs) in results.items():
    axes[0].semilogy(np.arange(len(costs)) * 100, costs, label=name)
axes[0].set_xlabel("iteration")
axes[0].set_ylabel("cost (log scale)")
axes[0].set_title("cost")
axes[0].legend()
for ax, (name, (parameters, _)) in zip(axes[1:], results.items(), strict=True):
    plot_decision_boundary(ax, parameters, train_X, train_Y, title=f"{name} initialization")
fig.tight_layout()
plt.show()
