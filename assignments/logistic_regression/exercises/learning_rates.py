# Compare learning rates with YOUR functions: one cost curve per rate, on one axis.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
import numpy as np
from lr_utils import load_dataset

train_set_x_orig, train_set_y, test_set_x_orig, test_set_y, classes = load_dataset()
m_train, m_test = train_set_x_orig.shape[0], test_set_x_orig.shape[0]
train_set_x = train_set_x_orig.transpose(0, 3, 1, 2).reshape(m_train, -1).T / 255.0
test_set_x = test_set_x_orig.transpose(0, 3, 1, 2).reshape(m_test, -1).T / 255.0

learning_rates = [0.01, 0.001, 0.0001]
models = {}
for lr in learning_rates:
    print(f"Training a model with learning rate: {lr}")
    models[lr] = model(train_set_x, train_set_y, test_set_x, test_set_y,
                       num_iterations=1500, learning_rate=lr, print_cost=False)
    costs = [float(np.squeeze(c)) for c in models[lr]["costs"]]
    test_accuracy = np.mean(np.asarray(models[lr]["Y_prediction_test"], dtype=float) == test_set_y)
    print(f"learning rate {lr}: cost {costs[0]:.4f} -> {costs[-1]:.4f}, test accuracy {test_accuracy:.1%}")
    print("-------------------------------------------------------")

for lr in learning_rates:
    plt.plot([float(np.squeeze(c)) for c in models[lr]["costs"]], label=str(models[lr]["learning_rate"]))

plt.ylabel("cost")
plt.xlabel("iterations (hundreds)")
legend = plt.legend(loc="upper center", shadow=True)
frame = legend.get_frame()
frame.set_facecolor("0.90")
plt.show()
