# Train the same network with YOUR gradient descent, momentum and Adam, on mini-batches.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
import numpy as np
from opt_utils import (
    backward_propagation,
    compute_cost,
    forward_propagation,
    initialize_parameters,
    load_dataset,
    plot_decision_boundary,
    predict,
)

train_X, train_Y = load_dataset()
layers_dims = [train_X.shape[0], 5, 2, 1]


def model(X, Y, layers_dims, optimizer, learning_rate=0.01, mini_batch_size=64, beta=0.9, beta1=0.9,
          beta2=0.999, epsilon=1e-8, num_epochs=400, decay=None, decay_rate=1.0):
    """Mini-batch training with "gd", "momentum" or "adam"; ``decay`` is None, update_lr or schedule_lr_decay."""
    parameters = initialize_parameters(layers_dims)
    if optimizer == "momentum":
        v = initialize_velocity(parameters)
    elif optimizer == "adam":
        v, s = initialize_adam(parameters)
    t, costs, rates = 0, [], []
    learning_rate0 = learning_rate
    for epoch in range(num_epochs):
        cost_total = 0.0
        for mini_batch_X, mini_batch_Y in random_mini_batches(X, Y, mini_batch_size, seed=epoch + 1):
            AL, caches = forward_propagation(mini_batch_X, parameters)
            cost_total += compute_cost(AL, mini_batch_Y) * mini_batch_X.shape[1]
            grads = backward_propagation(AL, mini_batch_Y, caches, parameters)
            if optimizer == "gd":
                parameters = update_parameters_with_gd(parameters, grads, learning_rate)
            elif optimizer == "momentum":
                parameters, v = update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)
            else:
                t += 1
                parameters, v, s, _, _ = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate,
                                                                     beta1, beta2, epsilon)
        costs.append(cost_total / X.shape[1])
        rates.append(learning_rate)
        if decay is not None:
            learning_rate = decay(learning_rate0, epoch + 1, decay_rate)
    return parameters, costs, rates


results = {}
for optimizer in ("gd", "momentum", "adam"):
    parameters, costs, _ = model(train_X, train_Y, layers_dims, optimizer)
    accuracy = float(np.mean(predict(train_X, parameters) == train_Y))
    results[optimizer] = (parameters, costs)
    print(f"{optimizer:>8}: cost {costs[0]:.4f} -> {costs[-1]:.4f}, training accuracy {accuracy:.1%}")

fig, axes = plt.subplots(1, 4, figsize=(18, 4))
for optimizer, (_, costs) in results.items():
    axes[0].plot(costs, label=optimizer)
axes[0].set_xlabel("epochs")
axes[0].set_ylabel("cost")
axes[0].set_title("mini-batch cost, learning rate 0.01")
axes[0].legend()
for ax, (optimizer, (parameters, _)) in zip(axes[1:], results.items(), strict=True):
    plot_decision_boundary(lambda x, p=parameters: predict(x, p), train_X, train_Y, ax=ax,
                           title=f"decision boundary: {optimizer}")
fig.tight_layout()
plt.show()
