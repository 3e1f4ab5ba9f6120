# Compare hidden layer sizes with YOUR functions: accuracy and decision boundary of each.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
import numpy as np
from planar_utils import load_planar_dataset, plot_decision_boundary

X, Y = load_planar_dataset()
hidden_layer_sizes = [1, 2, 3, 4, 5, 20, 50]

plt.figure(figsize=(16, 32))
for i, n_h in enumerate(hidden_layer_sizes):
    plt.subplot(5, 2, i + 1)
    parameters = nn_model(X, Y, n_h, num_iterations=5000)
    predictions = np.asarray(predict(parameters, X), dtype=np.float64)
    accuracy = np.mean(predictions == Y)
    plot_decision_boundary(lambda x, parameters=parameters: predict(parameters, x.T), X, Y)
    plt.title(f"Hidden layer of size {n_h}")
    print(f"Accuracy for {n_h} hidden units: {accuracy:.2%}")
plt.show()
