# Learning-rate decay with YOUR update_lr and schedule_lr_decay (uses `model` and the data of the cell above).
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt


def every_100_epochs(learning_rate0, epoch_num, decay_rate):
    return schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=100)


runs = {"fixed rate": None, "update_lr": update_lr, "schedule_lr_decay, every 100 epochs": every_100_epochs}
fig, (cost_ax, rate_ax) = plt.subplots(1, 2, figsize=(12, 4))
for name, decay in runs.items():
    parameters, costs, rates = model(train_X, train_Y, layers_dims, "gd", learning_rate=0.3, decay=decay)
    accuracy = float(np.mean(predict(train_X, parameters) == train_Y))
    print(f"{name:>36}: cost {costs[0]:.4f} -> {costs[-1]:.4f}, last learning rate {rates[-1]:.4g}, "
          f"training accuracy {accuracy:.1%}")
    cost_ax.plot(costs, label=name)
    rate_ax.semilogy(rates, label=name)
cost_ax.set_xlabel("epochs")
cost_ax.set_ylabel("cost")
cost_ax.legend()
rate_ax.set_xlabel("epochs")
rate_ax.set_ylabel("learning rate")
rate_ax.legend()
fig.tight_layout()
plt.show()
