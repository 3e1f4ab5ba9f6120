# Train YOUR AdalineSGD on the standardized features; compare its cost curve with batch gradient descent's.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
from iris import setosa_versicolor
from mlxtend.plotting import plot_decision_regions

X, y = setosa_versicolor()
X_std = standardize(X)

sgd = AdalineSGD(epochs=15, alpha=0.01).train(X_std, y)
gd = AdalineGD(epochs=15, alpha=0.01).train(X_std, y)
print(f"SGD: cost {sgd.cost_[0]:.4g} -> {sgd.cost_[-1]:.4g}; GD: cost {gd.cost_[0]:.4g} -> {gd.cost_[-1]:.4g}")
sgd.epochs = 5
sgd.train(X_std, y, reinitialize_weights=False)
print(f"5 more epochs: {len(sgd.cost_)} costs, the last {sgd.cost_[-1]:.4g}")

fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
plot_decision_regions(X_std, y, clf=sgd, ax=left)
left.set_title("Adaline - Stochastic Gradient Descent")
left.set_xlabel("sepal length [standardized]")
left.set_ylabel("petal length [standardized]")

right.plot(range(1, len(sgd.cost_) + 1), sgd.cost_, marker="o", label="SGD (15 + 5 epochs)")
right.plot(range(1, len(gd.cost_) + 1), gd.cost_, marker="s", label="batch GD")
right.set_xlabel("Epochs")
right.set_ylabel("Sum-squared-error")
right.legend()
plt.show()
