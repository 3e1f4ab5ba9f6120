# Train three networks with YOUR functions and compare their decision boundaries.
# (Not graded: this cell only uses what you wrote above and the given reg_utils.)
import matplotlib.pyplot as plt
import numpy as np
from reg_utils import (
    backward_propagation,
    compute_cost,
    forward_propagation,
    initialize_parameters,
    load_2D_dataset,
    plot_decision_boundary,
    predict,
    predict_dec,
    update_parameters,
)

train_X, train_Y, test_X, test_Y = load_2D_dataset()


def model(X, Y, learning_rate=0.3, num_iterations=12000, lambd=0.0, keep_prob=1.0):
    """Gradient descent on the 3-layer network; L2 when lambd > 0, dropout when keep_prob < 1."""
    parameters = initialize_parameters([X.shape[0], 20, 3, 1])
    costs = []
    for i in range(num_iterations):
        if keep_prob == 1:
            A3, cache = forward_propagation(X, parameters)
        else:
            A3, cache = forward_propagation_with_dropout(X, parameters, keep_prob)
            np.random.seed(i)  # your forward pass seeds 1: draw other masks at the next iteration
        if lambd == 0:
            cost = compute_cost(A3, Y)
        else:
            cost = compute_cost_with_regularization(A3, Y, parameters, lambd)
        if lambd == 0 and keep_prob == 1:
            grads = backward_propagation(X, Y, cache)
        elif lambd != 0:
            grads = backward_propagation_with_regularization(X, Y, cache, lambd)
        else:
            grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 1000 == 0:
            costs.append(float(np.squeeze(cost)))
    return parameters, costs


settings = {"no regularization": {}, "L2, lambda = 0.7": {"lambd": 0.7}, "dropout, keep_prob = 0.86": {"keep_prob": 0.86}}
fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
for ax, (name, options) in zip(axes, settings.items(), strict=True):
    parameters, costs = model(train_X, train_Y, **options)
    _, train_accuracy = predict(train_X, train_Y, parameters)
    _, test_accuracy = predict(test_X, test_Y, parameters)
    print(f"{name:28s} cost {costs[0]:.4f} -> {costs[-1]:.4f}   train accuracy {train_accuracy:.1%}   "
          f"test accuracy {test_accuracy:.1%}")
    plot_decision_boundary(lambda x, p=parameters: predict_dec(p, x), train_X, train_Y, ax=ax,
                           title=f"{name}\ntrain {train_accuracy:.1%}, test {test_accuracy:.1%}")
plt.tight_layout()
plt.show()
