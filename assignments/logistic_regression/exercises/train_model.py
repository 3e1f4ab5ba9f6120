# Train logistic regression with YOUR functions on the cat / non-cat images.
# (Not graded: this cell only uses what you wrote above.)
import matplotlib.pyplot as plt
import numpy as np
from lr_utils import load_dataset

train_set_x_orig, train_set_y, test_set_x_orig, test_set_y, classes = load_dataset()
m_train, num_px = train_set_x_orig.shape[0], train_set_x_orig.shape[1]
m_test = test_set_x_orig.shape[0]
print(f"{m_train} training and {m_test} test images of {num_px} x {num_px} pixels, 3 channels")
print(f"image 0 of the training set is a '{classes[train_set_y[0, 0]].decode('utf-8')}'")

# Unroll: (m, num_px, num_px, 3) -> (m, 3, num_px, num_px) puts all the red pixels of an image
# first, then the green, then the blue; each image then becomes one column. Divide by 255.
train_set_x = train_set_x_orig.transpose(0, 3, 1, 2).reshape(m_train, -1).T / 255.0
test_set_x = test_set_x_orig.transpose(0, 3, 1, 2).reshape(m_test, -1).T / 255.0
print(f"train_set_x: {train_set_x.shape}, test_set_x: {test_set_x.shape}")

learning_rate = 0.005
d = model(train_set_x, train_set_y, test_set_x, test_set_y,
          num_iterations=2000, learning_rate=learning_rate, print_cost=False)

costs = [float(np.squeeze(c)) for c in d["costs"]]
for k in range(0, len(costs), 5):
    print(f"cost after iteration {100 * k}: {costs[k]:.4f}")
for name, predictions, labels in (("train", d["Y_prediction_train"], train_set_y),
                                  ("test", d["Y_prediction_test"], test_set_y)):
    accuracy = np.mean(np.asarray(predictions, dtype=float) == labels)
    print(f"{name} accuracy: {accuracy:.1%}")

plt.figure(figsize=(6, 4))
plt.plot(costs)
plt.ylabel("cost")
plt.xlabel("iterations (per hundreds)")
plt.title(f"Learning rate = {learning_rate}")
plt.show()
