"""Export a design as a runnable Keras 3 script plus its weights (``OUT.py`` + ``OUT.weights.npz``).

The script is plain text built from the layer plan; every value that comes from a file
enters it through ``repr()``. It builds a ``keras.Sequential`` model, or a functional
``keras.Model`` when the design has Residual blocks (``layers.Add`` of the block's
input and output), and sets the weights layer by layer with ``set_weights``.

Layout decision: the model takes the playground's own input layout, images as
(N, C, H, W). A ``Permute((2, 3, 1))`` right after the input turns them channels-last,
so every convolution and pooling layer runs in Keras' default ``channels_last`` format
(``data_format="channels_first"`` convolutions and pooling are not supported on CPU by
every backend). Before a Flatten of an image, a ``Permute((3, 1, 2))`` turns the image
back to (C, H, W), so Flatten produces the playground's (and PyTorch's) C, H, W order
and the Dense weights after it need no reordering, whatever sits between Flatten and
Dense. An image-shaped output is permuted back to (C, H, W) too.

Weights (``keras_weights()`` in the script needs NumPy only):

- Dense: the kernel is (in, out) in both: ``W`` as it is.
- Conv2D: Keras kernels are (k, k, in, out), the playground's ``W`` is (out, in, k, k):
  ``W.transpose(2, 3, 1, 0)``. TF-style "same" padding (odd pixel bottom/right) is an
  explicit ``ZeroPadding2D`` in front of a "valid" convolution.
- BatchNormalization: [gamma, beta, moving_mean, moving_variance]; Keras' momentum has
  the playground's meaning (the weight of the old running statistics).
- PReLU: alpha per unit, or per channel (``shared_axes=[1, 2]``, alpha (1, 1, C)).
- GELU is the tanh approximation, as in the playground (a small ``GeluTanh`` layer).
"""

from __future__ import annotations

import os
from pathlib import Path

from engine.export.common import (
    SUPPORTED_LAYER_TYPES,
    ExportError,
    ExportSource,
    PlanLayer,
    comment_block,
    example_inputs_code,
    feature_helper,
    input_note,
    output_note,
    plan_layers,
    python_name,
    weights_note,
    write_script_export,
)

LAYER_TYPES = SUPPORTED_LAYER_TYPES

# activations Dense/Conv2D take as a string (``activation="tanh"``); None: no activation
_FOLDED: dict[str, str | None] = {
    "linear": None, "sigmoid": "sigmoid", "tanh": "tanh", "relu": "relu",
    "softmax": "softmax", "silu": "silu", "softplus": "softplus",
}
# the others need a layer of their own
_LAYERS: dict[str, str] = {
    "step": "Step({name})",
    "leaky_relu": "layers.LeakyReLU(negative_slope={alpha}, {name})",
    "prelu": "layers.PReLU({shared}{name})",
    "elu": "layers.ELU(alpha={alpha}, {name})",
    "gelu": "GeluTanh({name})",
}
ACTIVATIONS = frozenset(_FOLDED) | frozenset(_LAYERS)

_CUSTOM = {
    "Step": '''
    class Step(keras.layers.Layer):
        """The perceptron's step function: 1 where the input is > 0, else 0."""

        def call(self, x):
            return keras.ops.cast(keras.ops.greater(x, 0), self.compute_dtype)
''',
    "GeluTanh": '''
    class GeluTanh(keras.layers.Layer):
        """GELU in its tanh approximation, as the playground computes it."""

        def call(self, x):
            return keras.activations.gelu(x, approximate=True)
''',
}


def _num(v: float) -> str:
    return repr(float(f"{float(v):.12g}"))


class _Emitter:
    """Collects the model's steps (layer calls and residual markers) and the weight mapping."""

    def __init__(self) -> None:
        self.used_names: set[str] = {"input", "playground", "to_channels_last", "to_channels_first"}
        # ("layer", expr) | ("skip", var) | ("add", var, expr of the Add layer)
        self.steps: list[tuple[str, ...]] = []
        self.weights: list[tuple[str, list[str]]] = []  # (keras layer name, NumPy expressions)
        self.uses: set[str] = set()
        self.skips = 0
        self.residual = False

    def name(self, text: str) -> str:
        return python_name(text, self.used_names)

    def add(self, expr: str) -> None:
        self.steps.append(("layer", expr))

    def stack(self, plans: tuple[PlanLayer, ...]) -> None:
        for plan in plans:
            self.layer(plan)

    def layer(self, plan: PlanLayer) -> None:
        spec, kind = plan.spec, plan.type
        if kind == "dense":
            name = self.name(plan.id)
            bias = bool(spec.get("use_bias"))
            act, separate = self.split_activation(plan)
            self.add(f"layers.Dense({plan.out_shape[0]}, activation={act!r}, use_bias={bias}, name={name!r})")
            arrays = [f"arrays[{plan.key('W')!r}]"]
            if bias:
                arrays.append(f"arrays[{plan.key('b')!r}]")
            self.weights.append((name, arrays))
            if separate:
                self.activation(plan)
        elif kind == "conv2d":
            top, bottom, left, right = plan.conv_pads()
            if top or bottom or left or right:
                pad_name = self.name(f"{plan.id}_pad")
                self.add(f"layers.ZeroPadding2D(padding=(({top}, {bottom}), ({left}, {right})), name={pad_name!r})")
            name = self.name(plan.id)
            bias = bool(spec.get("use_bias"))
            k, s = int(spec.get("kernel")), int(spec.get("stride"))
            act, separate = self.split_activation(plan)
            self.add(
                f"layers.Conv2D({plan.out_shape[0]}, kernel_size={k}, strides={s}, padding='valid', "
                f"activation={act!r}, use_bias={bias}, name={name!r})"
            )
            arrays = [f"arrays[{plan.key('W')!r}].transpose(2, 3, 1, 0)"]
            if bias:
                arrays.append(f"arrays[{plan.key('b')!r}]")
            self.weights.append((name, arrays))
            if separate:
                self.activation(plan)
        elif kind in ("maxpool2d", "avgpool2d"):
            cls = "layers.MaxPooling2D" if kind == "maxpool2d" else "layers.AveragePooling2D"
            p, s = int(spec.get("pool")), int(spec.get("stride"))
            self.add(f"{cls}(pool_size={p}, strides={s}, padding='valid', name={self.name(plan.id)!r})")
        elif kind == "flatten":
            if len(plan.in_shape) == 3:
                chw = self.name(f"{plan.id}_chw")
                self.add(f"layers.Permute((3, 1, 2), name={chw!r})")  # back to (C, H, W) before flattening
            self.add(f"layers.Flatten(name={self.name(plan.id)!r})")
        elif kind == "dropout":
            self.add(f"layers.Dropout({_num(spec.get('rate'))}, name={self.name(plan.id)!r})")
        elif kind == "batchnorm":
            name = self.name(plan.id)
            mom, eps = _num(spec.get("momentum")), _num(spec.get("epsilon"))
            self.add(f"layers.BatchNormalization(axis=-1, momentum={mom}, epsilon={eps}, name={name!r})")
            self.weights.append((name, [f"arrays[{plan.key(n)!r}]"
                                        for n in ("gamma", "beta", "running_mean", "running_var")]))
        elif kind == "activation":
            self.activation(plan, own_layer=True)
        elif kind == "residual":
            self.residual = True
            self.skips += 1
            var = f"skip{self.skips}"
            self.steps.append(("skip", var))
            self.stack(plan.children)
            self.steps.append(("add", var, f"layers.Add(name={self.name(f'{plan.id}_add')!r})"))
        else:
            raise ExportError(f"layer {plan.id}: the keras export does not support {kind!r} layers")

    def split_activation(self, plan: PlanLayer) -> tuple[str | None, bool]:
        """(string activation for Dense/Conv2D, whether a separate activation layer follows)."""
        name, _ = plan.activation()
        if name in _FOLDED:
            return _FOLDED[name], False
        if name not in _LAYERS:
            raise ExportError(f"layer {plan.id}: the keras export does not support the activation {name!r}")
        return None, True

    def activation(self, plan: PlanLayer, own_layer: bool = False) -> None:
        name, alpha = plan.activation()
        layer_name = self.name(plan.id if own_layer else f"{plan.id}_act")
        kw = f"name={layer_name!r}"
        if name in _FOLDED:
            self.add(f"layers.Activation({(_FOLDED[name] or 'linear')!r}, {kw})")
            return
        template = _LAYERS.get(name)
        if template is None:
            raise ExportError(f"layer {plan.id}: the keras export does not support the activation {name!r}")
        image = len(plan.out_shape) == 3
        if name in ("step", "gelu"):
            self.uses.add("Step" if name == "step" else "GeluTanh")
        self.add(template.format(alpha=_num(alpha), name=kw, shared="shared_axes=[1, 2], " if image else ""))
        if name == "prelu":
            expr = f"arrays[{plan.key('slope')!r}]"
            self.weights.append((layer_name, [f"{expr}.reshape(1, 1, -1)" if image else expr]))


def _model_code(em: _Emitter, src: ExportSource) -> str:
    steps = list(em.steps)
    if src.image_input:
        steps.insert(0, ("layer", "layers.Permute((2, 3, 1), name='to_channels_last')"))
    if len(src.output_shape) == 3:
        steps.append(("layer", "layers.Permute((3, 1, 2), name='to_channels_first')"))
    shape = repr(tuple(src.input_shape))
    if not em.residual:
        items = "".join(f"            {step[1]},\n" for step in steps)
        return (
            "    return keras.Sequential(\n"
            "        [\n"
            f"            keras.Input(shape={shape}, name='input'),\n"
            f"{items}"
            "        ],\n"
            "        name='playground',\n"
            "    )\n"
        )
    lines = [f"    inputs = keras.Input(shape={shape}, name='input')\n", "    x = inputs\n"]
    for kind, *payload in steps:
        if kind == "layer":
            lines.append(f"    x = {payload[0]}(x)\n")
        elif kind == "skip":
            lines.append(f"    {payload[0]} = x  # a Residual block starts: keep its input\n")
        else:
            var, expr = payload
            lines.append(f"    x = {expr}([{var}, x])  # ... and ends: input + block output\n")
    lines.append("    return keras.Model(inputs, x, name='playground')\n")
    return "".join(lines)


def keras_script(src: ExportSource, weights_file: str) -> str:
    """The text of the generated Keras script; ``weights_file`` is the .npz name next to it."""
    em = _Emitter()
    em.stack(plan_layers(src.design, src.input_shape))
    custom = "".join(_CUSTOM[c] for c in ("Step", "GeluTanh") if c in em.uses)
    if custom:
        custom = "\n\nif keras is not None:\n" + custom
    if em.weights:
        entries = "".join(f"        {name!r}: [{', '.join(exprs)}],\n" for name, exprs in em.weights)
        weights_body = f"    return {{\n{entries}    }}\n"
    else:
        weights_body = "    return {}\n"
    features = feature_helper(src)
    notes = comment_block([*input_note(src), *output_note(src), weights_note(src)])
    return (
        "#!/usr/bin/env python3\n"
        '"""A Neural Network Playground design as a Keras 3 model (generated; edit freely).\n'
        "\n"
        "Run it with `python THIS_FILE.py` (needs numpy and Keras 3 with a backend: tensorflow,\n"
        "jax or torch): it prints the model summary and a prediction for a few random inputs.\n"
        "In your own code: `model = make_model()`. The weights are in the .weights.npz file\n"
        "named by WEIGHTS_FILE, next to this script.\n"
        "\n"
        "The model takes images channels-first (N, C, H, W) like the playground, permutes them\n"
        "to channels-last for the Keras convolution and pooling layers, and permutes back to\n"
        "(C, H, W) before Flatten, so the Dense weights keep the playground's order.\n"
        '"""\n'
        "\n"
        "from __future__ import annotations\n"
        "\n"
        "from pathlib import Path\n"
        "\n"
        "import numpy as np\n"
        "\n"
        "try:\n"
        "    import keras\n"
        "    from keras import layers\n"
        "except ImportError:  # keras_weights() and the input helpers need NumPy only\n"
        "    keras = layers = None\n"
        "\n"
        f"DESIGN_NAME = {src.design.name!r}\n"
        f"WEIGHTS_FILE = Path(__file__).with_name({weights_file!r})\n"
        f"INPUT_SHAPE = {tuple(src.input_shape)!r}  # one sample, without the batch dimension\n"
        f"OUTPUT_SHAPE = {tuple(src.output_shape)!r}\n"
        f"TRAINED = {src.trained!r}\n"
        "\n"
        f"{notes}"
        + (f"\n{features}" if features else "")
        + f"{custom}"
        "\n\n"
        "def _require_keras() -> None:\n"
        "    if keras is None:\n"
        '        raise ImportError("this script needs Keras 3: pip install keras tensorflow (or jax, or torch)")\n'
        "\n\n"
        "def build_model():\n"
        '    """The network, layer for layer; the layer names are the playground\'s layer ids."""\n'
        "    _require_keras()\n"
        f"{_model_code(em, src)}"
        "\n\n"
        "def keras_weights(arrays) -> dict[str, list[np.ndarray]]:\n"
        '    """The playground\'s arrays (``"L3/W"`` ...) as each Keras layer\'s set_weights() list (NumPy only).\n'
        "\n"
        "    Dense kernels are (in, out) in both; Conv2D kernels are (k, k, in, out) in Keras and\n"
        "    (out, in, k, k) in the playground, hence transpose(2, 3, 1, 0).\n"
        '    """\n'
        f"{weights_body}"
        "\n\n"
        "def load_weights(model, path: str | Path = WEIGHTS_FILE):\n"
        '    """Set the saved weights on a model from build_model()."""\n'
        "    with np.load(path, allow_pickle=False) as arrays:\n"
        "        for name, values in keras_weights(arrays).items():\n"
        "            model.get_layer(name).set_weights([np.ascontiguousarray(v) for v in values])\n"
        "    return model\n"
        "\n\n"
        "def make_model(path: str | Path = WEIGHTS_FILE):\n"
        '    """The model with the saved weights (predict() runs it in inference mode)."""\n'
        "    return load_weights(build_model(), path)\n"
        "\n\n"
        f"{example_inputs_code(src)}"
        "\n\n"
        'if __name__ == "__main__":\n'
        "    model = make_model()\n"
        "    model.summary()\n"
        "    x = example_inputs(4)\n"
        "    y = model.predict(x, verbose=0)\n"
        '    print("prediction for 4 random inputs:")\n'
        "    print(np.asarray(y))\n"
    )


def export_keras(src: ExportSource, out_path: str | os.PathLike[str]) -> list[Path]:
    """Write ``OUT.py`` and ``OUT.weights.npz``; returns both paths."""
    return write_script_export(src, out_path, keras_script)
