# Saturation: YOUR sigmoid and tanh derivatives on [-10, 10].
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
import numpy as np

z = np.linspace(-10, 10, 2001)  # contains 0, +-5 and +-10 exactly
derivatives = {"sigmoid": sigmoid_derivative(z), "tanh": tanh_derivative(z)}

for name, g_prime in derivatives.items():
    print(f"{name}: largest derivative {float(np.max(g_prime)):.4g} at z = {float(z[np.argmax(g_prime)]):.3g}")
    for at in (5.0, 10.0):
        k = int(np.argmin(np.abs(z - at)))
        j = int(np.argmin(np.abs(z + at)))
        print(f"{name}: derivative at |z| = {at:g}: {float(g_prime[k]):.3g} (at z = {-at:g}: {float(g_prime[j]):.3g})")

layers = int(np.ceil(np.log(1e-6) / np.log(0.25)))
print(f"0.25 ** {layers} = {0.25 ** layers:.2g}: {layers} sigmoid layers shrink a gradient a million times at least")

fig, (linear, log) = plt.subplots(1, 2, figsize=(11, 4))
for name, g_prime in derivatives.items():
    linear.plot(z, g_prime, label=f"{name}'(z)")
    log.semilogy(z, g_prime, label=f"{name}'(z)")
linear.set_title("derivatives")
log.set_title("derivatives, logarithmic scale")
for ax in (linear, log):
    ax.set_xlabel("z")
    ax.legend()
fig.tight_layout()
plt.show()
