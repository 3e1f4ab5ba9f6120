# A random search of the learning rate and n_h with YOUR functions: coarse, then fine.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
import numpy as np
from hyper_utils import accuracy, load_flower, train_shallow

X, Y = load_flower()
X_train, Y_train, X_dev, Y_dev = train_dev_split(X, Y, dev_fraction=0.25, seed=1)
print(f"{X_train.shape[1]} training examples, {X_dev.shape[1]} dev examples")


def search(learning_rates, hidden_units):
    trials = []
    for learning_rate, n_h in zip(learning_rates, hidden_units, strict=True):
        parameters = train_shallow(X_train, Y_train, int(n_h), float(learning_rate))
        trials.append({"learning_rate": float(learning_rate), "n_h": int(n_h),
                       "train_accuracy": accuracy(parameters, X_train, Y_train),
                       "dev_accuracy": accuracy(parameters, X_dev, Y_dev)})
    return trials


draw = np.random.RandomState(2)  # the hidden units, drawn on a linear scale
coarse = search(sample_learning_rates(16, low=-3.0, high=1.0, seed=1), draw.randint(1, 21, 16))
best_coarse = best_trial(coarse)
print("coarse best: learning rate {learning_rate:.3g}, n_h {n_h}, dev accuracy {dev_accuracy:.0%}".format(**best_coarse))

center = np.log10(best_coarse["learning_rate"])
low_h, high_h = max(1, best_coarse["n_h"] - 3), best_coarse["n_h"] + 3
fine = search(sample_learning_rates(12, low=center - 0.5, high=center + 0.5, seed=2), draw.randint(low_h, high_h + 1, 12))
best = best_trial(coarse + fine)
print("overall best: learning rate {learning_rate:.3g}, n_h {n_h}, dev accuracy {dev_accuracy:.0%} "
      "(train accuracy {train_accuracy:.0%})".format(**best))

fig, axes = plt.subplots(1, 2, figsize=(13, 4.5), sharey=True)
for ax, rounds, title in ((axes[0], [coarse], "coarse"), (axes[1], [coarse, fine], "coarse, then fine")):
    for trials, marker in zip(rounds, "os", strict=False):
        points = ax.scatter([t["learning_rate"] for t in trials], [t["dev_accuracy"] for t in trials],
                            c=[t["n_h"] for t in trials], cmap="viridis", vmin=1, vmax=20, marker=marker,
                            edgecolors="k")
    winner = best_coarse if len(rounds) == 1 else best
    ax.scatter([winner["learning_rate"]], [winner["dev_accuracy"]], s=250, facecolors="none", edgecolors="r",
               label="best")
    ax.set_xscale("log")
    ax.set_xlabel("learning rate (log scale)")
    ax.set_title(title)
    ax.legend()
axes[0].set_ylabel("dev accuracy")
fig.colorbar(points, ax=axes, label="hidden units n_h")
plt.show()
