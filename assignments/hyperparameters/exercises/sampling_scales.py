# YOUR samplers against uniform sampling, on logarithmic axes.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
import numpy as np

n = 2000
rates_log = sample_learning_rates(n, low=-4.0, high=0.0, seed=1)
betas_log = sample_momentum_betas(n, low=0.9, high=0.999, seed=1)
linear = np.random.RandomState(1)
rates_linear = linear.uniform(1e-4, 1.0, n)
betas_linear = linear.uniform(0.9, 0.999, n)

for name, rates in (("log scale", rates_log), ("uniform", rates_linear)):
    shares = [np.mean((rates >= 10.0**k) & (rates < 10.0 ** (k + 1))) for k in range(-4, 0)]
    print(f"learning rates, {name}: " + ", ".join(f"1e{k}..1e{k + 1}: {s:.0%}" for k, s in zip(range(-4, 0), shares, strict=True)))
for name, betas in (("1 - beta on a log scale", betas_log), ("uniform", betas_linear)):
    print(f"betas, {name}: {np.mean(betas >= 0.99):.0%} in [0.99, 0.999), range {betas.min():.4f} to {betas.max():.4f}")

fig, axes = plt.subplots(1, 2, figsize=(12, 4))
bins = np.logspace(-4, 0, 41)
axes[0].hist(rates_log, bins=bins, alpha=0.6, label="10 ** uniform(-4, 0)")
axes[0].hist(rates_linear, bins=bins, alpha=0.6, label="uniform(0.0001, 1)")
axes[0].set_xscale("log")
axes[0].set_xlabel("learning rate")
axes[0].set_title("learning rates")
bins = np.logspace(-3, -1, 41)
axes[1].hist(1 - betas_log, bins=bins, alpha=0.6, label="1 - beta on a log scale")
axes[1].hist(1 - betas_linear, bins=bins, alpha=0.6, label="beta uniform in [0.9, 0.999]")
axes[1].set_xscale("log")
axes[1].set_xlabel("1 - beta")
axes[1].set_title("momentum")
for ax in axes:
    ax.set_ylabel("count")
    ax.legend()
fig.tight_layout()
plt.show()
