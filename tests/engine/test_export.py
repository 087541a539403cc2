"""Exports to PyTorch code, Keras code and ONNX reproduce the playground's own forward pass.

The PyTorch scripts are imported (our own generated files, from tmp_path) and run; the
ONNX models run in ``onnx.reference.ReferenceEvaluator``. Keras scripts are compiled and
inspected and their NumPy-only ``keras_weights()`` is run; where Keras 3 is installed (CI
installs it on the PyTorch backend) one more test runs the script and compares predictions.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import sys
import uuid
from dataclasses import replace
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import numpy as np
import pytest

from engine import catalog
from engine.cli import main
from engine.data.loader import load_dataset
from engine.design_io import load_design, save_design
from engine.errors import DesignError, PlaygroundError
from engine.export import ExportError, export_design, load_source
from engine.export.common import script_paths
from engine.network import Network
from engine.spec import DesignSpec, LayerSpec, TrainSpec

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "assets" / "examples"
ATOL = 1e-5


# ---------------------------------------------------------------- designs and inputs


def L(layer_id: str, kind: str, children: tuple[LayerSpec, ...] = (), **options: Any) -> LayerSpec:
    return LayerSpec(layer_id, kind, options, children)


def residual_cnn() -> DesignSpec:
    """Residual CNN on MNIST: BatchNorm, PReLU, TF "same" padding (odd pixel), stride 2, avg/max pooling."""
    base = load_design(EXAMPLES / "mnist-cnn.json")
    layers = (
        L("L1", "conv2d", filters=4, kernel=3, padding="same", activation="prelu", alpha=0.2),
        L("L2", "batchnorm", momentum=0.8, epsilon=1e-3),
        L("L3", "residual", (
            L("L4", "conv2d", filters=4, kernel=3, padding=1, activation="relu"),
            L("L5", "batchnorm"),
            L("L6", "activation", activation="leaky_relu", alpha=0.2),
        )),
        L("L7", "conv2d", filters=6, kernel=3, stride=2, padding="same", activation="elu", alpha=0.7),  # 28 -> 14
        L("L8", "avgpool2d", pool=2, stride=2),  # 14 -> 7
        L("L9", "maxpool2d", pool=3, stride=2),  # 7 -> 3, overlapping windows
        L("L10", "activation", activation="prelu"),
        L("L11", "flatten"),
        L("L12", "dense", units=16, activation="gelu"),
        L("L13", "dropout", rate=0.3),
        L("L14", "residual", (
            L("L15", "dense", units=16, activation="silu"),
            L("L16", "batchnorm"),
            L("L17", "dense", units=16, activation="softplus", use_bias=False),
        )),
        L("L18", "dense", units=10, activation="softmax"),
    )
    return replace(base, name="residual CNN", layers=layers)


def random_weights(net: Network, seed: int = 3) -> dict[str, np.ndarray]:
    """Small random values everywhere: biases, BatchNorm statistics and PReLU slopes included."""
    rng = np.random.default_rng(seed)
    out = {}
    for key, arr in net.state_arrays().items():
        if key.endswith("running_var"):
            value = rng.uniform(0.5, 2.0, arr.shape)
        elif key.endswith(("gamma", "slope")):
            value = rng.uniform(0.1, 1.5, arr.shape)
        else:
            value = rng.normal(0.0, 0.3, arr.shape)
        out[key] = value.astype(np.float32)
    return out


def with_weights(design: DesignSpec, input_shape: tuple[int, ...], seed: int = 3) -> SimpleNamespace:
    """A trainer-like source (``network`` + ``design``) holding random weights."""
    net = Network(design, input_shape)
    net.load_arrays(random_weights(net, seed))
    return SimpleNamespace(network=net, design=design)


@pytest.fixture(scope="module")
def mnist_images() -> np.ndarray:
    design = load_design(EXAMPLES / "mnist-cnn.json")
    data = load_dataset(replace(design.data, train_limit=8, test_limit=16))
    assert data.x_test.shape == (16, 1, 28, 28) and data.x_test.max() > 0.5
    return data.x_test


def real_inputs(design: DesignSpec) -> np.ndarray:
    data = load_dataset(design.data)
    return data.x_test[:64]


def mlp_cases() -> list[str]:
    return ["spiral", "blobs"]


# ---------------------------------------------------------------- helpers


def import_script(path: Path) -> ModuleType:
    """Import a generated script from tmp_path under a unique module name."""
    name = f"exported_{uuid.uuid4().hex}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


def torch_predict(script: Path, x: np.ndarray) -> np.ndarray:
    torch = pytest.importorskip("torch")
    module = import_script(script)
    model = module.make_model()
    assert not model.training
    with torch.no_grad():
        return model(torch.from_numpy(np.array(x, dtype=np.float32))).numpy()  # a writable copy


def onnx_predict(path: Path, x: np.ndarray) -> np.ndarray:
    pytest.importorskip("onnx")
    from onnx.reference import ReferenceEvaluator

    return ReferenceEvaluator(str(path)).run(None, {"input": np.ascontiguousarray(x, dtype=np.float32)})[0]


def reference(source: Any, x: np.ndarray, input_shape: tuple[int, ...] | None = None) -> np.ndarray:
    """Network.predict with exactly the weights the export uses."""
    src = load_source(source, input_shape)
    net = Network(src.design, src.input_shape)
    net.load_arrays(src.weights)
    return net.predict(x)


def export_and_predict(fmt: str, source: Any, tmp_path: Path, x: np.ndarray, **kw: Any) -> np.ndarray:
    out = tmp_path / ("model.onnx" if fmt == "onnx" else "model")
    written = export_design(source, fmt, out, **kw)
    assert all(p.is_file() for p in written)
    if fmt == "onnx":
        return onnx_predict(written[0], x)
    return torch_predict(written[0], x)


def assert_matches(got: np.ndarray, want: np.ndarray) -> None:
    assert got.shape == want.shape
    assert np.ptp(want) > 1e-3  # the outputs actually depend on the input
    np.testing.assert_allclose(got, want, atol=ATOL, rtol=0)


# ---------------------------------------------------------------- PyTorch and ONNX numerics

RUNNABLE = [pytest.param("pytorch", id="pytorch"), pytest.param("onnx", id="onnx")]


def _skip_missing(fmt: str) -> None:
    pytest.importorskip("torch" if fmt == "pytorch" else "onnx")


@pytest.mark.parametrize("fmt", RUNNABLE)
@pytest.mark.parametrize("example", mlp_cases())
def test_mlp_design_matches_network(fmt: str, example: str, tmp_path: Path) -> None:
    _skip_missing(fmt)
    design = load_design(EXAMPLES / f"{example}.json")
    x = real_inputs(design)
    source = with_weights(design, (len(design.data.features),))
    assert_matches(export_and_predict(fmt, source, tmp_path, x), reference(source, x))


@pytest.mark.parametrize("fmt", RUNNABLE)
def test_fresh_design_exports_the_seeded_weights(fmt: str, tmp_path: Path) -> None:
    _skip_missing(fmt)
    design = load_design(EXAMPLES / "blobs.json")
    design = replace(design, train=replace(design.train, bias_init=0.2))
    x = real_inputs(design)
    want = Network(design, (len(design.data.features),)).predict(x)
    assert_matches(export_and_predict(fmt, design, tmp_path, x), want)


@pytest.mark.parametrize("fmt", RUNNABLE)
def test_mnist_cnn_matches_network(fmt: str, tmp_path: Path, mnist_images: np.ndarray) -> None:
    _skip_missing(fmt)
    design = load_design(EXAMPLES / "mnist-cnn.json")
    source = with_weights(design, (1, 28, 28))
    got = export_and_predict(fmt, source, tmp_path, mnist_images)
    assert_matches(got, reference(source, mnist_images))


@pytest.mark.parametrize("fmt", RUNNABLE)
def test_residual_cnn_matches_network(fmt: str, tmp_path: Path, mnist_images: np.ndarray) -> None:
    _skip_missing(fmt)
    source = with_weights(residual_cnn(), (1, 28, 28))
    got = export_and_predict(fmt, source, tmp_path, mnist_images)
    assert_matches(got, reference(source, mnist_images))


@pytest.mark.parametrize("fmt", RUNNABLE)
@pytest.mark.parametrize("activation", catalog.ACTIVATIONS)
def test_every_activation_matches(fmt: str, activation: str, tmp_path: Path) -> None:
    _skip_missing(fmt)
    layers = (
        L("L1", "dense", units=6, activation="linear"),
        L("L2", "activation", activation=activation, alpha=0.3),
        L("L3", "dense", units=3, activation=activation, alpha=0.2),
    )
    design = DesignSpec(layers, train=TrainSpec(seed=5))
    x = np.random.default_rng(0).normal(0.0, 2.0, (50, 4)).astype(np.float32)
    source = with_weights(design, (4,), seed=11)
    got = export_and_predict(fmt, source, tmp_path, x, input_shape=(4,))
    want = reference(source, x, (4,))
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, atol=ATOL, rtol=0)


@pytest.fixture(scope="module")
def trained_snapshot(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    from engine.checkpoint import save_checkpoint
    from engine.training import Trainer

    design = load_design(EXAMPLES / "spiral.json")
    design = replace(design, train=replace(design.train, backend="numpy"))
    trainer = Trainer(design, backend="numpy")
    trainer.train_epochs(3)
    path = tmp_path_factory.mktemp("snap") / "spiral.snapshot"
    save_checkpoint(trainer, path)
    return path, trainer


@pytest.mark.parametrize("fmt", RUNNABLE)
def test_trained_snapshot_exports_its_trained_weights(fmt: str, tmp_path: Path, trained_snapshot) -> None:
    _skip_missing(fmt)
    path, trainer = trained_snapshot
    x = trainer.dataset.x_test
    want = trainer.predict(x)
    fresh = Network(trainer.design, trainer.network.input_shape).predict(x)
    assert np.abs(fresh - want).max() > 1e-2  # training moved the weights
    got = export_and_predict(fmt, path, tmp_path, x)
    assert_matches(got, want)
    src = load_source(path)
    assert src.trained and src.origin == "snapshot"
    if fmt == "pytorch":
        assert "trained ones from the snapshot" in (tmp_path / "model.py").read_text(encoding="utf-8")


def test_pytorch_script_runs_as_a_program(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    import subprocess

    script, weights = export_design(residual_cnn(), "pytorch", tmp_path / "net.py", input_shape=(1, 28, 28))
    assert weights.name == "net.weights.npz"
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Residual(" in run.stdout and "prediction for 4 random inputs" in run.stdout


def test_pytorch_script_layout(tmp_path: Path) -> None:
    script, weights = export_design(residual_cnn(), "pytorch", tmp_path / "net", input_shape=(1, 28, 28))
    text = script.read_text(encoding="utf-8")
    compile(text, str(script), "exec")
    assert "nn.ZeroPad2d((0, 1, 0, 1))" in text  # "same", stride 2, odd padding bottom/right
    assert "nn.Conv2d(4, 6, kernel_size=3, stride=2, padding=0" in text
    assert "nn.Conv2d(1, 4, kernel_size=3, stride=1, padding=1" in text  # symmetric "same": in the conv
    assert "nn.BatchNorm2d(4, eps=0.001, momentum=0.2)" in text  # momentum = 1 - ours
    assert "nn.BatchNorm1d(16, eps=1e-05, momentum=0.1)" in text
    assert "nn.PReLU(num_parameters=4" in text and 'nn.GELU(approximate="tanh")' in text
    assert "arrays['L12/W'].T" in text and "arrays['L1/W']," in text  # Dense transposed, Conv2D not
    assert "allow_pickle=False" in text
    with np.load(weights, allow_pickle=False) as arrays:
        assert "L12/W" in arrays.files and arrays["L12/W"].dtype == np.float32


@pytest.mark.parametrize("fmt", ["pytorch", "keras"])
@pytest.mark.parametrize(
    ("example", "input_shape", "expected"),
    [("spiral", None, (3, 2)), ("spiral", (4,), (3, 4)), ("mnist-mlp", None, (3, 1, 28, 28))],
)
def test_example_inputs_fit_the_model(fmt, example, input_shape, expected, tmp_path: Path) -> None:
    if fmt == "pytorch":
        pytest.importorskip("torch")
    design = load_design(EXAMPLES / f"{example}.json")
    if input_shape is not None:  # the features no longer describe the inputs: no make_inputs()
        design = replace(design, layers=(L("L1", "dense", units=2),))
    script, _ = export_design(design, fmt, tmp_path / "m.py", input_shape=input_shape)
    module = import_script(script)
    x = module.example_inputs(3)
    assert x.shape == expected and x.dtype == np.float32
    assert hasattr(module, "make_inputs") == (expected == (3, 2))
    if expected == (3, 1, 28, 28):
        assert x.min() >= 0.0 and x.max() <= 1.0


# ---------------------------------------------------------------- Keras (without Keras)


def keras_export(tmp_path: Path, source: Any, **kw: Any) -> tuple[str, ModuleType, Path]:
    script, weights = export_design(source, "keras", tmp_path / "kmodel.py", **kw)
    text = script.read_text(encoding="utf-8")
    compile(text, str(script), "exec")
    ast.parse(text)
    return text, import_script(script), weights


def test_keras_script_for_a_residual_cnn(tmp_path: Path) -> None:
    source = with_weights(residual_cnn(), (1, 28, 28))
    text, module, weights = keras_export(tmp_path, source)
    assert "keras.Model(inputs, x" in text and "keras.Sequential" not in text  # residual: functional API
    assert "layers.Permute((2, 3, 1), name='to_channels_last')(x)" in text
    assert "layers.Permute((3, 1, 2), name='L11_chw')(x)" in text  # back to C, H, W before Flatten
    assert "layers.ZeroPadding2D(padding=((0, 1), (0, 1)), name='L7_pad')" in text
    assert "layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name='L1_pad')" in text
    assert "layers.Conv2D(6, kernel_size=3, strides=2, padding='valid'" in text
    assert "layers.AveragePooling2D(pool_size=2, strides=2" in text
    assert "layers.MaxPooling2D(pool_size=3, strides=2" in text
    assert "layers.BatchNormalization(axis=-1, momentum=0.8, epsilon=0.001, name='L2')" in text
    assert "layers.PReLU(shared_axes=[1, 2], name='L1_act')" in text
    assert "layers.ELU(alpha=0.7, name='L7_act')" in text and "GeluTanh(name='L12_act')" in text
    assert "skip1 = x" in text and "layers.Add(name='L3_add')([skip1, x])" in text
    assert "arrays['L1/W'].transpose(2, 3, 1, 0)" in text and "allow_pickle=False" in text

    with np.load(weights, allow_pickle=False) as arrays:
        ours = {k: arrays[k] for k in arrays.files}
        kw = module.keras_weights(arrays)
    kernel, bias = kw["L7"]
    w = ours["L7/W"]  # (out, in, k, k)
    assert kernel.shape == (3, 3, 4, 6)
    for o, c, i, j in [(0, 0, 0, 0), (5, 3, 2, 1), (2, 1, 0, 2)]:
        assert kernel[i, j, c, o] == w[o, c, i, j]
    np.testing.assert_array_equal(bias, ours["L7/b"])
    dense_kernel, dense_bias = kw["L12"]
    np.testing.assert_array_equal(dense_kernel, ours["L12/W"])  # (in, out) in both: no transpose
    np.testing.assert_array_equal(dense_bias, ours["L12/b"])
    assert dense_kernel.shape == (54, 16)
    assert [a.shape for a in kw["L17"]] == [(16, 16)]  # use_bias=False: the kernel only
    assert kw["L1_act"][0].shape == (1, 1, 4)  # PReLU after a conv: one alpha per channel
    np.testing.assert_array_equal(kw["L1_act"][0].ravel(), ours["L1/slope"])
    names = ("gamma", "beta", "running_mean", "running_var")
    for got, name in zip(kw["L2"], names, strict=True):
        np.testing.assert_array_equal(got, ours[f"L2/{name}"])
    assert set(kw) == {"L1", "L1_act", "L2", "L4", "L5", "L7", "L10", "L12", "L15", "L16", "L17", "L18"}


def test_keras_script_for_an_mlp_is_sequential(tmp_path: Path) -> None:
    design = load_design(EXAMPLES / "spiral.json")
    text, module, weights = keras_export(tmp_path, design)
    assert "keras.Sequential(" in text and "keras.Model(" not in text
    assert "layers.Dense(8, activation='tanh', use_bias=True, name='L1')" in text
    assert "FEATURES = ('x1', 'x2')" in text and "Permute" not in text
    with np.load(weights, allow_pickle=False) as arrays:
        kw = module.keras_weights(arrays)
        np.testing.assert_array_equal(kw["L1"][0], arrays["L1/W"])
    pts = np.array([[1.0, -2.0], [0.5, 3.0]])
    np.testing.assert_array_equal(module.make_inputs(pts), pts.astype(np.float32))
    if module.keras is None:
        with pytest.raises(ImportError, match="Keras 3"):
            module.build_model()


def test_keras_names_are_sanitised_and_unique(tmp_path: Path) -> None:
    layers = (
        L("a/b", "dense", units=3, activation="leaky_relu"),
        L("a_b", "dense", units=2, activation="step"),
    )
    design = DesignSpec(layers, name="x'''\"\nimport os")
    text, module, weights = keras_export(tmp_path, design, input_shape=(2,))
    assert "name='a_b')" in text and "name='a_b_2')" in text and "'a/b'" not in text.split("def keras_weights")[0]
    assert "class Step(keras.layers.Layer)" in text
    assert design.name == module.DESIGN_NAME  # user text only ever enters through repr()
    with np.load(weights, allow_pickle=False) as arrays:
        assert set(module.keras_weights(arrays)) == {"a_b", "a_b_2"}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # noise from Keras' backends, not from the script
def test_keras_script_runs_when_keras_is_installed(
    tmp_path: Path, mnist_images: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "keras" not in sys.modules and importlib.util.find_spec("torch") is not None:
        monkeypatch.setenv("KERAS_BACKEND", "torch")  # CI installs Keras 3 on PyTorch (no TensorFlow there)
    pytest.importorskip("keras")
    source = with_weights(residual_cnn(), (1, 28, 28))
    script, _ = export_design(source, "keras", tmp_path / "kmodel.py")
    model = import_script(script).make_model()
    got = np.asarray(model.predict(mnist_images, verbose=0))
    np.testing.assert_allclose(got, reference(source, mnist_images), atol=1e-4, rtol=0)


# ---------------------------------------------------------------- ONNX specifics and errors


def test_onnx_model_is_opset_17_and_checked(tmp_path: Path) -> None:
    onnx = pytest.importorskip("onnx")
    (path,) = export_design(residual_cnn(), "onnx", tmp_path / "m.onnx", input_shape=(1, 28, 28))
    model = onnx.load(str(path))
    onnx.checker.check_model(model, full_check=True)
    assert [(o.domain, o.version) for o in model.opset_import] == [("", 17)]
    ops = {n.op_type for n in model.graph.node}
    assert {"Conv", "BatchNormalization", "PRelu", "AveragePool", "MaxPool", "Flatten", "Add", "Gemm",
            "MatMul", "Softmax", "Softplus", "Elu", "LeakyRelu"} <= ops
    pads = [list(a.ints) for n in model.graph.node if n.op_type == "Conv" for a in n.attribute if a.name == "pads"]
    assert [0, 0, 1, 1] in pads  # top, left, bottom, right: the odd pixel bottom/right
    assert model.graph.input[0].name == "input" and model.graph.output[0].name == "output"


def test_onnxruntime_agrees_when_installed(tmp_path: Path, mnist_images: np.ndarray) -> None:
    pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")
    source = with_weights(residual_cnn(), (1, 28, 28))
    (path,) = export_design(source, "onnx", tmp_path / "m.onnx")
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = session.run(None, {"input": np.array(mnist_images, dtype=np.float32)})[0]
    assert_matches(got, reference(source, mnist_images))


def test_missing_onnx_gives_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx now raises ImportError
    with pytest.raises(PlaygroundError, match=r"pip install 'nn-playground\[export\]'"):
        export_design(load_design(EXAMPLES / "xor.json"), "onnx", tmp_path / "x.onnx")
    assert not (tmp_path / "x.onnx").exists()


@pytest.mark.parametrize("fmt", ["pytorch", "keras", "onnx"])
def test_unknown_activation_or_layer_is_a_clear_error(fmt: str, tmp_path: Path) -> None:
    bad_act = DesignSpec((L("L1", "dense", units=2, activation="mystery"),))
    with pytest.raises(ExportError, match=r"L1.*activation 'mystery'"):
        export_design(bad_act, fmt, tmp_path / "out", input_shape=(2,))
    bad_layer = DesignSpec((L("L1", "dense", units=2), L("L2", "lstm")))
    with pytest.raises(ExportError, match=r"L2.*'lstm' layers"):
        export_design(bad_layer, fmt, tmp_path / "out", input_shape=(2,))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("module", ["pytorch", "keras", "onnx_export"])
def test_every_catalog_layer_and_activation_has_an_export(module: str) -> None:
    mod = importlib.import_module(f"engine.export.{module}")
    assert set(catalog.LAYER_TYPES) <= mod.LAYER_TYPES
    assert set(catalog.ACTIVATIONS) <= mod.ACTIVATIONS


def test_bad_sources_and_formats() -> None:
    design = load_design(EXAMPLES / "xor.json")
    with pytest.raises(ExportError, match="unknown export format"):
        export_design(design, "tflite", "out")
    with pytest.raises(ExportError, match="cannot export a int"):
        load_source(3)
    with pytest.raises(DesignError):  # a Dense layer cannot take an image
        load_source(design, input_shape=(1, 4, 4))


def test_script_paths() -> None:
    assert script_paths("a/model") == (Path("a/model.py"), Path("a/model.weights.npz"))
    assert script_paths("model.py") == (Path("model.py"), Path("model.weights.npz"))


# ---------------------------------------------------------------- CLI


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["pytorch", "keras", "onnx"])
def test_cli_export_writes_the_files(fmt: str, tmp_path: Path, capsys) -> None:
    if fmt == "onnx":
        pytest.importorskip("onnx")
    out = tmp_path / ("xor.onnx" if fmt == "onnx" else "xor")
    code, stdout, err = cli(capsys, str(EXAMPLES / "xor.json"), "--to", fmt, str(out))
    assert code == 0, err
    expected = [out] if fmt == "onnx" else [tmp_path / "xor.py", tmp_path / "xor.weights.npz"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in expected)
    assert all(p.stat().st_size > 0 for p in expected) and str(expected[0]) in stdout


def test_cli_exports_a_snapshot(tmp_path: Path, capsys, trained_snapshot) -> None:
    path, trainer = trained_snapshot
    code, _, err = cli(capsys, str(path), "--to", "pytorch", str(tmp_path / "snap.py"))
    assert code == 0, err
    with np.load(tmp_path / "snap.weights.npz", allow_pickle=False) as arrays:
        np.testing.assert_array_equal(arrays["L1/W"], trainer.network.state_arrays()["L1/W"])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--to", "tflite"), "invalid choice"),
        ((), "--to"),
        (("--to",), "--to"),
    ],
)
def test_cli_bad_arguments_exit_2(tmp_path: Path, capsys, args, words) -> None:
    code, out, err = cli(capsys, str(EXAMPLES / "xor.json"), *args, str(tmp_path / "o"))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err
    assert list(tmp_path.iterdir()) == []


def test_cli_bad_inputs_exit_2(tmp_path: Path, capsys) -> None:
    doc = json.loads((EXAMPLES / "xor.json").read_text())
    doc["network"]["layers"][0]["type"] = "magic"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    junk = tmp_path / "junk.snapshot"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    design = load_design(EXAMPLES / "xor.json")
    image_dense = tmp_path / "image_dense.json"
    save_design(replace(design, data=replace(design.data, dataset="mnist")), image_dense)
    cases = [
        (tmp_path / "missing.json", "does not exist"),
        (bad, "network.layers[0].type"),
        (junk, "snapshot"),
        (image_dense, "Flatten"),
    ]
    for source, words in cases:
        code, out, err = cli(capsys, str(source), "--to", "pytorch", str(tmp_path / "o"))
        assert code == 2 and out == "", source
        assert len(err.strip().splitlines()) == 1 and words in err and "Traceback" not in err
    code, _, err = cli(capsys, str(EXAMPLES / "xor.json"), "--to", "keras", str(tmp_path / "no" / "dir" / "o"))
    assert code == 2 and "cannot write" in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "image_dense.json", "junk.snapshot"]
