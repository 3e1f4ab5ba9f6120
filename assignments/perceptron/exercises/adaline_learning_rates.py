# Train YOUR AdalineGD with a learning rate that is too large and one that is small, on the raw features.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
import numpy as np
from iris import setosa_versicolor

X, y = setosa_versicolor()

fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
ada_large = AdalineGD(epochs=10, alpha=0.01).train(X, y)
print(f"alpha 0.01: cost {ada_large.cost_[0]:.4g} -> {ada_large.cost_[-1]:.4g}")
left.plot(range(1, len(ada_large.cost_) + 1), np.log10(ada_large.cost_), marker="o")
left.set_xlabel("Epochs")
left.set_ylabel("log10(Sum-squared-error)")
left.set_title("Adaline - Learning rate 0.01")

ada_small = AdalineGD(epochs=10, alpha=0.0001).train(X, y)
print(f"alpha 0.0001: cost {ada_small.cost_[0]:.4g} -> {ada_small.cost_[-1]:.4g}")
right.plot(range(1, len(ada_small.cost_) + 1), ada_small.cost_, marker="o")
right.set_xlabel("Epochs")
right.set_ylabel("Sum-squared-error")
right.set_title("Adaline - Learning rate 0.0001")
plt.show()
