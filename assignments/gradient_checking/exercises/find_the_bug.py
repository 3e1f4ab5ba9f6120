# Where is the bug? YOUR checker on a backward pass with two planted bugs, then block by block.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(3)
X = rng.standard_normal((4, 3))
Y = np.array([[1.0, 0.0, 1.0]])
parameters = {"W1": rng.standard_normal((5, 4)) / 2, "b1": rng.standard_normal((5, 1)) * 0.3,
              "W2": rng.standard_normal((3, 5)) / 2, "b2": rng.standard_normal((3, 1)) * 0.3,
              "W3": rng.standard_normal((1, 3)) / 2, "b3": rng.standard_normal((1, 1)) * 0.3}
cost, cache = forward_propagation_n(X, Y, parameters)
buggy = dict(backward_propagation_n(X, Y, cache))
buggy["dW2"] = buggy["dW2"] * 2  # the course's first planted bug
buggy["db1"] = buggy["db1"] * 4  # and its second
print(f"whole network: difference = {gradient_check_n(parameters, buggy, X, Y):.3e}")

layer_dims = [4, 5, 3, 1]
theta = dictionary_to_vector(parameters)
epsilon = 1e-7
gradapprox = np.zeros_like(theta)
for i in range(theta.shape[0]):
    plus, minus = np.copy(theta), np.copy(theta)
    plus[i] += epsilon
    minus[i] -= epsilon
    J_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(plus, layer_dims))
    J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(minus, layer_dims))
    gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
numerical = vector_to_dictionary(gradapprox, layer_dims)

names = ["W1", "b1", "W2", "b2", "W3", "b3"]
errors = []
for name in names:
    g, a = buggy["d" + name], numerical[name]
    errors.append(np.linalg.norm(g - a) / (np.linalg.norm(g) + np.linalg.norm(a)))
    print(f"{name}: {errors[-1]:.2e}")

plt.figure(figsize=(6, 4))
plt.bar(names, errors)
plt.yscale("log")
plt.axhline(1e-7, color="red", linestyle="--", label="threshold 1e-7")
plt.ylabel("relative difference of the block")
plt.title("Which gradients are wrong?")
plt.legend()
plt.show()
