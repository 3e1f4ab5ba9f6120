# Standardize the features with YOUR standardize, then train YOUR AdalineGD with alpha 0.01 again.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
from iris import setosa_versicolor
from mlxtend.plotting import plot_decision_regions

X, y = setosa_versicolor()
X_std = standardize(X)

ada = AdalineGD(epochs=15, alpha=0.01)
ada.train(X_std, y)
misclassified = int((ada.predict(X_std) != y).sum())
print(f"alpha 0.01, standardized: cost {ada.cost_[0]:.4g} -> {ada.cost_[-1]:.4g}, {misclassified} misclassified")

fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
plot_decision_regions(X_std, y, clf=ada, ax=left)
left.set_title("Adaline - Gradient Descent")
left.set_xlabel("sepal length [standardized]")
left.set_ylabel("petal length [standardized]")

right.plot(range(1, len(ada.cost_) + 1), ada.cost_, marker="o")
right.set_xlabel("Epochs")
right.set_ylabel("Sum-squared-error")
plt.show()
