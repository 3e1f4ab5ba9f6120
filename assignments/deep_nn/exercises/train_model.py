# Train a small L-layer network with YOUR functions on two interleaved half moons.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt


def two_moons(m, noise=0.2, seed=0):
    """X of shape (2, m) and labels Y of shape (1, m): two interleaved half circles."""
    rng = np.random.default_rng(seed)
    upper = np.arange(m) < m // 2
    t = rng.uniform(0, np.pi, m)
    x1 = np.where(upper, np.cos(t), 1 - np.cos(t))
    x2 = np.where(upper, np.sin(t), 0.5 - np.sin(t))
    X = np.vstack([x1, x2]) + noise * rng.standard_normal((2, m))
    Y = (~upper).astype(np.float64).reshape(1, m)
    return X, Y


X_train, Y_train = two_moons(400)
layer_dims = [2, 16, 8, 1]
learning_rate = 0.5
num_iterations = 3000

parameters = initialize_parameters_deep(layer_dims)
# Weights of scale 0.01 make a deep ReLU network learn very slowly: rescale them to
# He initialization, standard deviation sqrt(2 / n[l-1]).
for l in range(1, len(layer_dims)):
    parameters[f"W{l}"] = parameters[f"W{l}"] / 0.01 * np.sqrt(2 / layer_dims[l - 1])

costs = []
for i in range(num_iterations):
    AL, caches = L_model_forward(X_train, parameters)
    costs.append(float(compute_cost(AL, Y_train)))
    grads = L_model_backward(AL, Y_train, caches)
    parameters = update_parameters(parameters, grads, learning_rate)
    if i % 500 == 0:
        print(f"cost after iteration {i}: {costs[-1]:.4f}")

accuracy = np.mean((AL > 0.5) == Y_train)
print(f"training accuracy: {accuracy:.1%}")

fig, (ax_cost, ax_data) = plt.subplots(1, 2, figsize=(11, 4))
ax_cost.plot(costs)
ax_cost.set_xlabel("iteration")
ax_cost.set_ylabel("cost")
ax_cost.set_title(f"Cost per iteration (learning rate {learning_rate})")

xx, yy = np.meshgrid(np.linspace(-1.5, 2.5, 200), np.linspace(-1.0, 1.5, 200))
grid_probs, _ = L_model_forward(np.vstack([xx.ravel(), yy.ravel()]), parameters)
ax_data.contourf(xx, yy, grid_probs.reshape(xx.shape), levels=[0, 0.5, 1], alpha=0.3, cmap="coolwarm")
ax_data.scatter(X_train[0], X_train[1], c=Y_train[0], s=10, cmap="coolwarm")
ax_data.set_title("Decision boundary on the training set")
plt.show()
