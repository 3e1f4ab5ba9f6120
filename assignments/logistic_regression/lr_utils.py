"""The cat / non-cat images of the logistic regression assignment (provided, not graded).

Small generated RGB "photos", made in code, the same every time: no file, no
download. A "cat" is a round head with two pointed ears at a random place on a
textured background; a "non-cat" is the same kind of background with, most of
the time, some other object on it (a box, a ball, a stripe). Colours overlap
between the classes, so a linear classifier learns a lot but not everything.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

NUM_PX = 16
M_TRAIN = 209
M_TEST = 50
SEED = 20240601

# Object colours (RGB in 0..255). Cats are mostly warm or grey; the other objects
# share some of those colours, so colour alone does not give the answer.
_CAT_COLOURS = np.array([[230, 140, 50], [200, 120, 60], [150, 150, 150], [240, 230, 210], [90, 70, 60]])
_OBJECT_COLOURS = np.array([[220, 60, 40], [60, 90, 200], [70, 160, 70], [230, 140, 50], [150, 150, 150],
                            [240, 220, 60]])


def _images(rng: np.random.Generator, labels: NDArray[np.int64]) -> NDArray[np.uint8]:
    """One image per label, shape (m, NUM_PX, NUM_PX, 3), uint8."""
    m, n = labels.shape[0], NUM_PX
    # A smooth textured background: a coarse 4x4 colour grid blown up to n x n, plus fine noise.
    coarse = rng.uniform(40, 200, (m, 4, 4, 1)) + rng.uniform(-30, 30, (m, 4, 4, 3))
    images = np.repeat(np.repeat(coarse, n // 4, axis=1), n // 4, axis=2)
    yy, xx = np.mgrid[0:n, 0:n].astype(np.float64)
    yy, xx = yy[None], xx[None]
    is_cat = labels.astype(bool)[:, None, None]
    # Like a photo of a cat, a cat is big and near the middle; other objects are smaller, anywhere.
    cy = np.where(is_cat, rng.uniform(n / 2 - 1, n / 2 + 3, (m, 1, 1)), rng.uniform(3, n - 3, (m, 1, 1)))
    cx = np.where(is_cat, rng.uniform(n / 2 - 3, n / 2 + 2, (m, 1, 1)), rng.uniform(3, n - 3, (m, 1, 1)))
    r = np.where(is_cat, rng.uniform(3.0, 5.0, (m, 1, 1)), rng.uniform(2.0, 4.0, (m, 1, 1)))
    head = (yy - cy) ** 2 + (xx - cx) ** 2 <= r**2
    # Ears: two triangles standing on top of the head, 2 to 3 pixels tall.
    tip = cy - r - rng.uniform(2.0, 3.0, (m, 1, 1))
    height = np.clip(yy - tip, 0, None)
    above = (yy >= tip) & (yy <= cy - r + 1.5)
    ears = above & ((np.abs(xx - (cx - 0.6 * r)) <= 0.5 * height) | (np.abs(xx - (cx + 0.6 * r)) <= 0.5 * height))
    cat_shape = head | ears
    # The non-cat objects: a box, a ball (no ears) or a horizontal stripe, or nothing.
    kind = rng.integers(0, 4, (m, 1, 1))
    box = (np.abs(yy - cy) <= r * 0.9) & (np.abs(xx - cx) <= r * 1.1)
    stripe = np.abs(yy - cy) <= r * 0.5
    other_shape = np.where(kind == 0, box, np.where(kind == 1, head, np.where(kind == 2, stripe, False)))
    shape = np.where(is_cat, cat_shape, other_shape)
    colours = np.where(is_cat[:, :, :, None],
                       _CAT_COLOURS[rng.integers(0, len(_CAT_COLOURS), m)][:, None, None, :],
                       _OBJECT_COLOURS[rng.integers(0, len(_OBJECT_COLOURS), m)][:, None, None, :])
    colours = colours + rng.uniform(-25, 25, (m, 1, 1, 3))
    images = np.where(shape[..., None], colours, images)
    images = images + rng.normal(0, 12, images.shape)
    return np.clip(np.rint(images), 0, 255).astype(np.uint8)


def load_dataset() -> tuple[NDArray[np.uint8], NDArray[np.int64], NDArray[np.uint8], NDArray[np.int64],
                            NDArray[np.bytes_]]:
    """Load the cat / non-cat images: a training set and a test set.

    Returns
    -------
    train_set_x_orig : ndarray of shape (209, 16, 16, 3), dtype uint8
        Training images, ``train_set_x_orig[i]`` is one RGB image with values
        in 0..255.
    train_set_y : ndarray of shape (1, 209), dtype int64
        Training labels, 1 for a cat and 0 for a non-cat.
    test_set_x_orig : ndarray of shape (50, 16, 16, 3), dtype uint8
        Test images.
    test_set_y : ndarray of shape (1, 50), dtype int64
        Test labels.
    classes : ndarray of shape (2,), dtype bytes
        ``[b'non-cat', b'cat']``: ``classes[label].decode("utf-8")`` names a
        label.

    Notes
    -----
    The images are generated from a fixed seed with a local random generator
    (the global ``np.random`` state is neither used nor changed), so every
    call returns the same arrays. To use them with logistic regression,
    unroll each image into a column of ``num_px * num_px * 3`` values, all the
    red pixels, then the green ones, then the blue ones (as the lectures do),
    and divide by 255, the largest pixel value, to get values in [0, 1]::

        m = train_set_x_orig.shape[0]
        train_set_x = train_set_x_orig.transpose(0, 3, 1, 2).reshape(m, -1).T / 255.

    (``train_set_x_orig.reshape(m, -1).T`` interleaves the channels pixel by
    pixel instead; logistic regression learns the same model either way, as
    long as the training and the test images are unrolled alike.)
    """
    rng = np.random.default_rng(SEED)
    train_set_y = (rng.permutation(M_TRAIN) < 72).astype(np.int64)  # 72 cats, 137 non-cats
    test_set_y = (rng.permutation(M_TEST) < 33).astype(np.int64)  # 33 cats, 17 non-cats
    train_set_x_orig = _images(rng, train_set_y)
    test_set_x_orig = _images(rng, test_set_y)
    classes = np.array([b"non-cat", b"cat"])
    return train_set_x_orig, train_set_y.reshape(1, M_TRAIN), test_set_x_orig, test_set_y.reshape(1, M_TEST), classes
