# Train YOUR Perceptron on Iris setosa / versicolor and plot its decision regions and its errors per epoch.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
import numpy as np
from iris import setosa_versicolor
from mlxtend.plotting import plot_decision_regions

X, y = setosa_versicolor()  # X: (100, 2) sepal length, petal length; y: -1 setosa, 1 versicolor

ppn = Perceptron(eta=0.1, epochs=10)
ppn.train(X, y)
print(f"Weights: {np.round(ppn.w_, 4)}")
print(f"Misclassifications per epoch: {[int(e) for e in ppn.errors_]}")

fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
plot_decision_regions(X, y, clf=ppn, ax=left)
left.set_title("Perceptron")
left.set_xlabel("sepal length [cm]")
left.set_ylabel("petal length [cm]")

right.plot(range(1, len(ppn.errors_) + 1), ppn.errors_, marker="o")
right.set_xlabel("Epochs")
right.set_ylabel("Misclassifications")
plt.show()
