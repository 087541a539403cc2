"""Names and option schemas of everything a design can refer to (no numerics here).

The design loader validates against these tables, the app builds its palette and
inspector from them, and the numeric modules register implementations under the same
names (a test checks that both sides agree).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ACTIVATIONS: tuple[str, ...] = (
    "linear", "step", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu",
    "softmax", "gelu", "silu", "softplus",
)
ACTIVATION_ALIASES = {"swish": "silu", "identity": "linear", "logistic": "sigmoid"}

INITIALIZERS: tuple[str, ...] = (
    "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "uniform", "normal", "zeros",
)
OPTIMIZERS: tuple[str, ...] = (
    "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "nadam", "perceptron",
)
LOSSES: tuple[str, ...] = (
    "mse", "mae", "huber", "binary_crossentropy", "categorical_crossentropy",
)
BACKENDS: tuple[str, ...] = ("auto", "numpy", "cupy")

CLASSIFICATION_2D: tuple[str, ...] = ("circle", "xor", "gaussians", "spiral", "moons", "blobs", "spirals")
REGRESSION_2D: tuple[str, ...] = ("plane", "multi_gaussian")
CUSTOM_2D: tuple[str, ...] = ("custom",)  # points drawn by the person, kept in the design (data.points)
PLANE_2D: tuple[str, ...] = CLASSIFICATION_2D + REGRESSION_2D + CUSTOM_2D  # every set of points on the 2-D plane
IMAGE_DATASETS: tuple[str, ...] = ("mnist", "idx")
DATASETS: tuple[str, ...] = PLANE_2D + IMAGE_DATASETS + ("csv",)
FEATURES: tuple[str, ...] = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2")

# Upper bounds that keep a hostile or mistyped design from allocating the machine away.
MAX_UNITS = 65536
MAX_FILTERS = 1024
MAX_KERNEL = 31
MAX_LAYERS = 200
MAX_SAMPLES = 1_000_000
MAX_POINTS = 5000  # drawn points of a custom data set
MAX_TARGET = 1e6  # largest |target| of a drawn regression point
PLANE_HALF_WIDTH = 6.0  # the 2-D sets' plane is [-6, 6]^2; drawn points must lie in it
MAX_BATCH = 65536
MAX_EPOCHS = 1_000_000
MAX_PARAMS = 50_000_000
MAX_MEMORY_BYTES = 4 * 1024**3


@dataclass(frozen=True)
class Option:
    """One option of a layer type: its kind, default, bounds and a one-line help text."""

    name: str
    kind: str  # "int" | "float" | "bool" | "choice" | "padding"
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class LayerType:
    """A layer type as the palette and the design file know it."""

    name: str
    title: str
    category: str  # "core" | "convolution" | "pooling" | "normalisation" | "structure"
    help: str
    options: tuple[Option, ...] = ()
    has_children: bool = False

    def option(self, name: str) -> Option:
        for opt in self.options:
            if opt.name == name:
                return opt
        raise KeyError(name)

    def defaults(self) -> dict[str, Any]:
        return {opt.name: opt.default for opt in self.options}


_ACT = Option("activation", "choice", "relu", "Function applied to each output.", choices=ACTIVATIONS)
_ALPHA = Option(
    "alpha", "float", 0.01,
    "Slope for negative inputs (leaky ReLU, initial PReLU slope) or ELU scale.",
    minimum=0.0, maximum=10.0,
)
_BIAS = Option("use_bias", "bool", True, "Add a learned bias to every output.")
_INIT = Option(
    "initializer", "choice", "default",
    "How the weights start; 'default' uses the training settings.",
    choices=("default", *INITIALIZERS),
)
_L1 = Option("l1", "float", 0.0, "Extra L1 penalty on this layer's weights.", minimum=0.0, maximum=10.0)
_L2 = Option("l2", "float", 0.0, "Extra L2 penalty on this layer's weights.", minimum=0.0, maximum=10.0)

LAYER_TYPES: dict[str, LayerType] = {
    t.name: t
    for t in (
        LayerType(
            "dense", "Dense", "core",
            "Every output is a weighted sum of all inputs plus a bias, then an activation.",
            (
                Option("units", "int", 8, "Number of neurons.", minimum=1, maximum=MAX_UNITS),
                _ACT, _ALPHA, _BIAS, _INIT, _L1, _L2,
            ),
        ),
        LayerType(
            "activation", "Activation", "core",
            "Applies an activation function to every value on its own.",
            (_ACT, _ALPHA),
        ),
        LayerType(
            "conv2d", "Conv2D", "convolution",
            "Slides small learned filters over the image; each filter finds one local pattern.",
            (
                Option("filters", "int", 8, "Number of filters (output channels).",
                       minimum=1, maximum=MAX_FILTERS),
                Option("kernel", "int", 3, "Filter width and height.", minimum=1, maximum=MAX_KERNEL),
                Option("stride", "int", 1, "Step between filter positions.", minimum=1, maximum=16),
                Option("padding", "padding", "valid",
                       "'valid' (no padding), 'same' (keep size) or a number of border pixels."),
                _ACT, _ALPHA, _BIAS, _INIT, _L1, _L2,
            ),
        ),
        LayerType(
            "maxpool2d", "MaxPool2D", "pooling",
            "Keeps the largest value of each window, shrinking the image.",
            (
                Option("pool", "int", 2, "Window width and height.", minimum=1, maximum=16),
                Option("stride", "int", 2, "Step between windows.", minimum=1, maximum=16),
            ),
        ),
        LayerType(
            "avgpool2d", "AvgPool2D", "pooling",
            "Averages each window, shrinking the image.",
            (
                Option("pool", "int", 2, "Window width and height.", minimum=1, maximum=16),
                Option("stride", "int", 2, "Step between windows.", minimum=1, maximum=16),
            ),
        ),
        LayerType(
            "flatten", "Flatten", "structure",
            "Turns an image-shaped input into one long vector for dense layers.",
        ),
        LayerType(
            "dropout", "Dropout", "normalisation",
            "While training, randomly switches off a fraction of values to fight overfitting.",
            (Option("rate", "float", 0.5, "Fraction of values dropped.", minimum=0.0, maximum=0.95),),
        ),
        LayerType(
            "batchnorm", "BatchNorm", "normalisation",
            "Normalises each feature or channel over the batch, then scales and shifts it.",
            (
                Option("momentum", "float", 0.9, "Weight of the old running statistics.",
                       minimum=0.0, maximum=0.9999),
                Option("epsilon", "float", 1e-5, "Small number added to the variance.",
                       minimum=1e-12, maximum=1.0),
            ),
        ),
        LayerType(
            "residual", "Residual", "structure",
            "Adds its input to the output of the layers inside it (a skip connection).",
            (Option("collapsed", "bool", False, "Draw the block folded in the editor."),),
            has_children=True,
        ),
    )
}

LAYER_CATEGORIES: tuple[str, ...] = ("core", "convolution", "pooling", "normalisation", "structure")


def canonical_activation(name: str) -> str:
    """Map an alias such as ``swish`` to its canonical activation name."""
    return ACTIVATION_ALIASES.get(name, name)
