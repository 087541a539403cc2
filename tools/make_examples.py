"""Regenerate assets/examples/*.json from Python (keeps the examples valid and consistently formatted)."""
import json

from engine.spec import DataSpec, DesignSpec, LayerSpec, TrainSpec


def L(i, t, **o):
    return LayerSpec(f"L{i}", t, o)

ex = {
 "xor": DesignSpec(
    (L(1, "dense", units=4, activation="relu"), L(2, "dense", units=1, activation="sigmoid")),
    DataSpec("xor", samples=200, noise=0.0, train_fraction=0.5, seed=0),
    TrainSpec(loss="binary_crossentropy", optimizer="adam", learning_rate=0.05, batch_size=10, epochs=100,
              initializer="he_uniform", seed=1),
    "XOR with one hidden layer",
    "A hidden layer of 4 ReLU neurons bends the boundary so that the two diagonal quadrants belong together: "
    "the classic problem a single perceptron cannot solve."),
 "perceptron-xor": DesignSpec(
    (L(1, "dense", units=1, activation="step"),),
    DataSpec("xor", samples=200, noise=0.0, train_fraction=0.5, seed=0),
    TrainSpec(loss="mse", optimizer="perceptron", learning_rate=0.1, batch_size=1, epochs=30,
              initializer="zeros", seed=1),
    "The perceptron on XOR",
    "Rosenblatt's single-layer perceptron with a step activation and the perceptron learning rule. "
    "One straight line cannot separate XOR, so it never gets much more than 3 of 4 quadrants right."),
 "circle": DesignSpec(
    (L(1, "dense", units=4, activation="tanh"), L(2, "dense", units=2, activation="tanh"),
     L(3, "dense", units=1, activation="tanh")),
    DataSpec("circle", samples=500, noise=0.0, train_fraction=0.5, seed=0),
    TrainSpec(loss="mse", optimizer="sgd", learning_rate=0.03, batch_size=10, epochs=100,
              initializer="uniform", init_scale=0.5, bias_init=0.1, seed=1),
    "Circle", "The TensorFlow Playground's default network on the circle data set: a ring around a disc."),
 "spiral": DesignSpec(
    (L(1, "dense", units=8, activation="tanh"), L(2, "dense", units=8, activation="tanh"),
     L(3, "dense", units=1, activation="tanh")),
    DataSpec("spiral", samples=500, noise=0.0, train_fraction=0.5, seed=0),
    TrainSpec(loss="mse", optimizer="sgd", learning_rate=0.03, batch_size=10, epochs=300,
              initializer="uniform", init_scale=0.5, bias_init=0.1, seed=1),
    "Spiral", "The TensorFlow Playground's spiral: two inputs, two hidden layers of 8 tanh neurons, "
    "plain SGD with learning rate 0.03 and batches of 10."),
 "blobs": DesignSpec(
    (L(1, "dense", units=8, activation="relu"), L(2, "dense", units=3, activation="softmax")),
    DataSpec("blobs", samples=600, noise=0.3, train_fraction=0.5, seed=0, classes=3),
    TrainSpec(loss="categorical_crossentropy", optimizer="adam", learning_rate=0.01, batch_size=16,
              epochs=50, initializer="he_uniform", seed=1),
    "Three classes", "Three clusters told apart by a softmax output with one probability per class."),
 "mnist-mlp": DesignSpec(
    (L(1, "flatten"), L(2, "dense", units=512, activation="relu"), L(3, "dense", units=10, activation="softmax")),
    DataSpec("mnist", seed=0),
    TrainSpec(loss="categorical_crossentropy", optimizer="rmsprop", learning_rate=0.001, rho=0.9, epsilon=1e-7,
              batch_size=128, epochs=5, initializer="glorot_uniform", seed=0),
    "MNIST: the textbook network",
    "The first network of the deep-learning textbook: 784 pixels, a Dense layer of 512 ReLU units and a "
    "10-way softmax, trained with RMSprop for 5 epochs in batches of 128 (test accuracy about 0.98)."),
 "mnist-cnn": DesignSpec(
    (L(1, "conv2d", filters=8, kernel=3, activation="relu"), L(2, "maxpool2d"),
     L(3, "conv2d", filters=16, kernel=3, activation="relu"), L(4, "maxpool2d"), L(5, "flatten"),
     L(6, "dense", units=10, activation="softmax")),
    DataSpec("mnist", seed=0),
    TrainSpec(loss="categorical_crossentropy", optimizer="adam", learning_rate=0.001, epsilon=1e-7,
              batch_size=64, epochs=2, initializer="glorot_uniform", seed=0),
    "MNIST: a small LeNet-style CNN",
    "Two convolution + max-pooling stages learn local features (edges first, then shapes); a Dense "
    "softmax layer reads the digit from them."),
}
for name, d in ex.items():
    with open(f"assets/examples/{name}.json", "w", encoding="utf-8") as f:
        json.dump(d.to_dict(), f, ensure_ascii=False, indent=2)
        f.write("\n")
print("ok")
