# The difference of YOUR checker on right gradients, for a range of epsilons (log-log).
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(2)
X = rng.standard_normal((4, 3))
Y = np.array([[1.0, 0.0, 1.0]])
parameters = {"W1": rng.standard_normal((5, 4)) / 2, "b1": rng.standard_normal((5, 1)) * 0.3,
              "W2": rng.standard_normal((3, 5)) / 2, "b2": rng.standard_normal((3, 1)) * 0.3,
              "W3": rng.standard_normal((1, 3)) / 2, "b3": rng.standard_normal((1, 1)) * 0.3}
cost, cache = forward_propagation_n(X, Y, parameters)
gradients = backward_propagation_n(X, Y, cache)

epsilons = np.logspace(-1, -11, 21)
differences = [gradient_check_n(parameters, gradients, X, Y, epsilon=float(eps)) for eps in epsilons]
for eps, d in zip(epsilons[::4], differences[::4], strict=True):
    print(f"epsilon = {eps:.0e}: difference = {d:.2e}")

plt.figure(figsize=(6, 4))
plt.loglog(epsilons, differences, "o-", label="your gradient_check_n")
plt.axhline(1e-7, color="red", linestyle="--", label="threshold 1e-7")
plt.xlabel("epsilon")
plt.ylabel("difference")
plt.title("Truncation error (right) against rounding error (left)")
plt.legend()
plt.show()
