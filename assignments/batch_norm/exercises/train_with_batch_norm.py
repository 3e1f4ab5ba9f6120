# A deep network trained with and without YOUR batch normalization, at a high learning rate.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
import numpy as np
from bn_utils import compute_cost, initialize_parameters, load_dataset, mini_batches, relu, sigmoid

X, Y = load_dataset()
layers_dims = [2, 32, 32, 32, 32, 32, 1]
L = len(layers_dims) - 1


def forward(X, parameters, use_bn, running=None, train=True):
    """ReLU hidden layers (batch-normalized with use_bn), a sigmoid output. Returns AL and the caches."""
    A, caches = X, []
    for l in range(1, L + 1):
        Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
        if l == L:
            caches.append((A, Z, None))
            return sigmoid(Z), caches
        bn_cache = None
        if use_bn and train:
            Z, bn_cache = batchnorm_forward(Z, parameters[f"gamma{l}"], parameters[f"beta{l}"])
            running[l] = update_running_stats(*running[l], bn_cache[2], bn_cache[3])
        elif use_bn:
            Z = batchnorm_forward_test(Z, parameters[f"gamma{l}"], parameters[f"beta{l}"], *running[l])
        caches.append((A, Z, bn_cache))
        A = relu(Z)


def backward(AL, Y, caches, parameters):
    grads, m = {}, Y.shape[1]
    dZ = (AL - Y) / m
    for l in range(L, 0, -1):
        A_prev, _, _ = caches[l - 1]
        grads[f"dW{l}"], grads[f"db{l}"] = dZ @ A_prev.T, np.sum(dZ, axis=1, keepdims=True)
        if l > 1:
            _, Z_prev, bn_cache = caches[l - 2]
            dZ = (parameters[f"W{l}"].T @ dZ) * (Z_prev > 0)
            if bn_cache is not None:
                dZ, grads[f"dgamma{l - 1}"], grads[f"dbeta{l - 1}"] = batchnorm_backward(dZ, bn_cache)
    return grads


def train(use_bn, learning_rate, num_epochs=60, mini_batch_size=64):
    parameters = initialize_parameters(layers_dims, batch_norm=use_bn)
    running = {l: (np.zeros((layers_dims[l], 1)), np.ones((layers_dims[l], 1))) for l in range(1, L)}
    costs = []
    for epoch in range(num_epochs):
        for batch in mini_batches(X.shape[1], mini_batch_size, epoch):
            AL, caches = forward(X[:, batch], parameters, use_bn, running)
            costs.append(compute_cost(AL, Y[:, batch]))
            grads = backward(AL, Y[:, batch], caches, parameters)
            for name in parameters:
                parameters[name] = parameters[name] - learning_rate * grads["d" + name]
    AL, _ = forward(X, parameters, use_bn, running, train=False)
    return costs, float(np.mean((AL > 0.5) == Y))


runs = {}
for use_bn in (False, True):
    for learning_rate in (0.3, 2.0):
        name = f"{'with' if use_bn else 'without'} batch norm, learning rate {learning_rate}"
        costs, accuracy = train(use_bn, learning_rate)
        runs[name] = costs
        late = float(np.mean(costs[-40:]))
        print(f"{name}: cost {costs[0]:.3f} -> {late:.3f} (mean of the last 40 mini-batches), "
              f"training accuracy in test mode {accuracy:.1%}")

fig, ax = plt.subplots(figsize=(9, 4.5))
for name, costs in runs.items():
    smooth = np.convolve(costs, np.ones(10) / 10, mode="valid")
    ax.plot(smooth, label=name)
ax.set_xlabel("mini-batch")
ax.set_ylabel("cost (moving average of 10)")
ax.set_ylim(0, 1.5)
ax.legend()
plt.show()
