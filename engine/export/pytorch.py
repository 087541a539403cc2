"""Export a design as a runnable PyTorch script plus its weights (``OUT.py`` + ``OUT.weights.npz``).

The script is plain text built from the layer plan; every value that comes from a file
(layer ids, the design's name, the weights file name, feature names) enters it through
``repr()``, so nothing a design holds can become code. The script loads the weights
with ``np.load(..., allow_pickle=False)`` and maps them onto a ``state_dict``:

- Dense: ``nn.Linear.weight`` is (out, in), the playground's ``W`` is (in, out): ``W.T``.
- Conv2D: both are (out_channels, in_channels, k, k). Symmetric padding goes into the
  convolution; TF-style "same" padding whose odd pixel goes bottom/right becomes an
  ``nn.ZeroPad2d((left, right, top, bottom))`` in front of it.
- BatchNorm: gamma, beta, running mean and variance; PyTorch's momentum is
  ``1 - ours`` (it weights the new batch), epsilon is the same; the model is put in
  ``eval()`` mode so the running statistics are used.
- PReLU: ``nn.PReLU(num_parameters=units or channels)``, the learned slope per unit/channel.
- Residual blocks: a small ``Residual`` module, ``x + body(x)``.
- GELU is the tanh approximation (``nn.GELU(approximate="tanh")``), as in the playground.
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
    weights_note,
    write_script_export,
)

LAYER_TYPES = SUPPORTED_LAYER_TYPES

_ACTIVATIONS: dict[str, str] = {
    "linear": "",
    "step": "Step()",
    "sigmoid": "nn.Sigmoid()",
    "tanh": "nn.Tanh()",
    "relu": "nn.ReLU()",
    "leaky_relu": "nn.LeakyReLU(negative_slope={alpha})",
    "prelu": "nn.PReLU(num_parameters={units}, init={alpha})",
    "elu": "nn.ELU(alpha={alpha})",
    "softmax": "nn.Softmax(dim=-1)",
    "gelu": 'nn.GELU(approximate="tanh")',
    "silu": "nn.SiLU()",
    "softplus": "nn.Softplus()",
}
ACTIVATIONS = frozenset(_ACTIVATIONS)

_RESIDUAL_CLASS = '''

class Residual(nn.Module):
    """The playground's Residual block: y = x + body(x) (a skip connection)."""

    def __init__(self, *layers: nn.Module) -> None:
        super().__init__()
        self.body = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)
'''

_STEP_CLASS = '''

class Step(nn.Module):
    """The perceptron's step function: 1 where the input is > 0, else 0."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x > 0).to(x.dtype)
'''


def _num(v: float) -> str:
    """A float literal, with rounding noise such as 1 - 0.9 = 0.09999999999999998 removed."""
    return repr(float(f"{float(v):.12g}"))


class _Emitter:
    """Builds the nn.Sequential text and the state_dict mapping side by side."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.state: list[tuple[str, str]] = []  # (state_dict key, NumPy expression over ``arrays``)
        self.uses: set[str] = set()

    def stack(self, plans: tuple[PlanLayer, ...], prefix: str, indent: int) -> None:
        counter = [0]
        for plan in plans:
            self.layer(plan, prefix, indent, counter)

    def add(self, expr: str, indent: int, counter: list[int], comment: str = "", end: str = ",") -> int:
        idx = counter[0]
        counter[0] += 1
        self.lines.append(f"{' ' * indent}{expr}{end}{'  # ' + comment if comment else ''}")
        return idx

    def layer(self, plan: PlanLayer, prefix: str, indent: int, counter: list[int]) -> None:
        spec, kind = plan.spec, plan.type
        tag = f"{plan.id!r} {kind}"
        if kind == "dense":
            bias = bool(spec.get("use_bias"))
            idx = self.add(f"nn.Linear({plan.in_shape[0]}, {plan.out_shape[0]}, bias={bias})", indent, counter, tag)
            self.state.append((f"{prefix}{idx}.weight", f"arrays[{plan.key('W')!r}].T"))
            if bias:
                self.state.append((f"{prefix}{idx}.bias", f"arrays[{plan.key('b')!r}]"))
            self.activation(plan, prefix, indent, counter)
        elif kind == "conv2d":
            top, bottom, left, right = plan.conv_pads()
            padding = top
            if len({top, bottom, left, right}) > 1:
                self.add(f"nn.ZeroPad2d(({left}, {right}, {top}, {bottom}))", indent, counter,
                         f"{plan.id!r} padding (TF 'same': the odd pixel bottom/right)")
                padding = 0
            bias = bool(spec.get("use_bias"))
            cin, cout = plan.in_shape[0], plan.out_shape[0]
            k, s = int(spec.get("kernel")), int(spec.get("stride"))
            idx = self.add(
                f"nn.Conv2d({cin}, {cout}, kernel_size={k}, stride={s}, padding={padding}, bias={bias})",
                indent, counter, tag,
            )
            self.state.append((f"{prefix}{idx}.weight", f"arrays[{plan.key('W')!r}]"))
            if bias:
                self.state.append((f"{prefix}{idx}.bias", f"arrays[{plan.key('b')!r}]"))
            self.activation(plan, prefix, indent, counter)
        elif kind in ("maxpool2d", "avgpool2d"):
            cls = "nn.MaxPool2d" if kind == "maxpool2d" else "nn.AvgPool2d"
            p, s = int(spec.get("pool")), int(spec.get("stride"))
            self.add(f"{cls}(kernel_size={p}, stride={s})", indent, counter, tag)
        elif kind == "flatten":
            self.add("nn.Flatten()", indent, counter, f"{tag} (C, H, W order)")
        elif kind == "dropout":
            self.add(f"nn.Dropout(p={_num(spec.get('rate'))})", indent, counter, f"{tag} (inactive in eval mode)")
        elif kind == "batchnorm":
            cls = "nn.BatchNorm2d" if len(plan.in_shape) == 3 else "nn.BatchNorm1d"
            momentum = _num(1.0 - float(spec.get("momentum")))
            eps = _num(spec.get("epsilon"))
            idx = self.add(f"{cls}({plan.in_shape[0]}, eps={eps}, momentum={momentum})", indent, counter, tag)
            for name, ours in (("weight", "gamma"), ("bias", "beta"),
                               ("running_mean", "running_mean"), ("running_var", "running_var")):
                self.state.append((f"{prefix}{idx}.{name}", f"arrays[{plan.key(ours)!r}]"))
            self.state.append((f"{prefix}{idx}.num_batches_tracked", "np.array(0, dtype=np.int64)"))
        elif kind == "activation":
            self.activation(plan, prefix, indent, counter, comment=tag)
        elif kind == "residual":
            self.uses.add("Residual")
            idx = self.add("Residual(", indent, counter, tag, end="")
            self.stack(plan.children, f"{prefix}{idx}.body.", indent + 4)
            self.lines.append(f"{' ' * indent}),")
        else:
            raise ExportError(f"layer {plan.id}: the pytorch export does not support {kind!r} layers")

    def activation(self, plan: PlanLayer, prefix: str, indent: int, counter: list[int], comment: str = "") -> None:
        name, alpha = plan.activation()
        template = _ACTIVATIONS.get(name)
        if template is None:
            raise ExportError(f"layer {plan.id}: the pytorch export does not support the activation {name!r}")
        if not template:
            if comment:  # a stand-alone linear activation: keep the layer visible
                self.add("nn.Identity()", indent, counter, comment)
            return
        if name == "step":
            self.uses.add("Step")
        expr = template.format(alpha=_num(alpha), units=plan.out_shape[0])
        idx = self.add(expr, indent, counter, comment or f"{plan.id!r} activation")
        if name == "prelu":
            self.state.append((f"{prefix}{idx}.weight", f"arrays[{plan.key('slope')!r}]"))


def pytorch_script(src: ExportSource, weights_file: str) -> str:
    """The text of the generated PyTorch script; ``weights_file`` is the .npz name next to it."""
    em = _Emitter()
    em.stack(plan_layers(src.design, src.input_shape), "", 8)
    classes = (_RESIDUAL_CLASS if "Residual" in em.uses else "") + (_STEP_CLASS if "Step" in em.uses else "")
    if em.state:
        state = "".join(f"        {key!r}: {expr},\n" for key, expr in em.state)
        state_body = f"    return {{\n{state}    }}\n"
    else:
        state_body = "    return {}\n"
    features = feature_helper(src)
    notes = comment_block([*input_note(src), *output_note(src), weights_note(src)])
    return (
        "#!/usr/bin/env python3\n"
        '"""A Neural Network Playground design as a PyTorch model (generated; edit freely).\n'
        "\n"
        "Run it with `python THIS_FILE.py` (needs numpy and torch): it prints the model and a\n"
        "prediction for a few random inputs. In your own code: `model = make_model()`.\n"
        "The weights are in the .weights.npz file named by WEIGHTS_FILE, next to this script.\n"
        '"""\n'
        "\n"
        "from __future__ import annotations\n"
        "\n"
        "from pathlib import Path\n"
        "\n"
        "import numpy as np\n"
        "import torch\n"
        "from torch import nn\n"
        "\n"
        f"DESIGN_NAME = {src.design.name!r}\n"
        f"WEIGHTS_FILE = Path(__file__).with_name({weights_file!r})\n"
        f"INPUT_SHAPE = {tuple(src.input_shape)!r}  # one sample, without the batch dimension\n"
        f"OUTPUT_SHAPE = {tuple(src.output_shape)!r}\n"
        f"TRAINED = {src.trained!r}\n"
        "\n"
        f"{notes}"
        + (f"\n{features}" if features else "")
        + f"{classes}"
        "\n\n"
        "def build_model() -> nn.Sequential:\n"
        '    """The network, layer for layer (the comments name the playground\'s layer ids)."""\n'
        "    return nn.Sequential(\n"
        + "".join(f"{line}\n" for line in em.lines)
        + "    )\n"
        "\n\n"
        "def torch_state_dict(arrays) -> dict[str, np.ndarray]:\n"
        '    """The playground\'s arrays (``"L3/W"`` ...) as build_model()\'s state_dict entries (NumPy only).\n'
        "\n"
        "    Dense weights are transposed (nn.Linear.weight is (out, in), the playground's W is\n"
        "    (in, out)); Conv2D weights are (out, in, k, k) in both.\n"
        '    """\n'
        f"{state_body}"
        "\n\n"
        "def load_weights(model: nn.Module, path: str | Path = WEIGHTS_FILE) -> nn.Module:\n"
        '    """Copy the saved weights into a model from build_model()."""\n'
        "    with np.load(path, allow_pickle=False) as arrays:\n"
        "        state = {\n"
        "            key: torch.from_numpy(np.ascontiguousarray(value))\n"
        "            for key, value in torch_state_dict(arrays).items()\n"
        "        }\n"
        "    model.load_state_dict(state, strict=True)\n"
        "    return model\n"
        "\n\n"
        "def make_model(path: str | Path = WEIGHTS_FILE) -> nn.Sequential:\n"
        '    """The model with the saved weights, in evaluation mode (BatchNorm uses its running statistics)."""\n'
        "    model = build_model()\n"
        "    load_weights(model, path)\n"
        "    return model.eval()\n"
        "\n\n"
        f"{example_inputs_code(src)}"
        "\n\n"
        'if __name__ == "__main__":\n'
        "    model = make_model()\n"
        "    print(model)\n"
        "    n_params = sum(p.numel() for p in model.parameters())\n"
        '    print(f"{DESIGN_NAME or \'design\'}: {n_params:,} parameters, "\n'
        '          f"input {INPUT_SHAPE}, output {OUTPUT_SHAPE}")\n'
        "    x = example_inputs(4)\n"
        "    with torch.no_grad():\n"
        "        y = model(torch.from_numpy(x))\n"
        '    print("prediction for 4 random inputs:")\n'
        "    print(y.numpy())\n"
    )


def export_pytorch(src: ExportSource, out_path: str | os.PathLike[str]) -> list[Path]:
    """Write ``OUT.py`` and ``OUT.weights.npz``; returns both paths."""
    return write_script_export(src, out_path, pytorch_script)
