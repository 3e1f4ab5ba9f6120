# Train the shallow network with YOUR functions on the flower and plot its decision boundary.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
import numpy as np
from planar_utils import load_planar_dataset, plot_decision_boundary

X, Y = load_planar_dataset()
print(f"X: {X.shape}, Y: {Y.shape}, {X.shape[1]} training examples")

parameters = nn_model(X, Y, n_h=4, num_iterations=10000, print_cost=True)
A2, cache = forward_propagation(X, parameters)
print(f"final cost: {float(compute_cost(A2, Y)):.4f}")

predictions = np.asarray(predict(parameters, X), dtype=np.float64)
accuracy = np.mean(predictions == Y)
print(f"accuracy: {accuracy:.2%}")

plt.figure(figsize=(6, 5))
plot_decision_boundary(lambda x: predict(parameters, x.T), X, Y)
plt.title(f"Decision boundary for hidden layer size 4 (accuracy {accuracy:.1%})")
plt.show()
