"""The headless command's contract: output lines, exit codes, snapshots that continue exactly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from engine.cli import main

ROOT = Path(__file__).resolve().parents[2]
XOR = ROOT / "assets" / "examples" / "xor.json"
KEYS = {"epoch", "train_loss", "test_loss", "train_acc", "test_acc", "seconds", "samples_per_second"}


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["train", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lines_have_exactly_the_contract_keys(capsys) -> None:
    code, out, err = run_cli(capsys, str(XOR), "--epochs", "3", "--json", "--backend", "numpy")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["epoch"] for r in lines] == [1, 2, 3]
    for r in lines:
        assert set(r) == KEYS
        assert 0.0 <= r["train_acc"] <= 1.0 and r["seconds"] > 0 and r["samples_per_second"] > 0


def test_plain_output_is_one_line_per_epoch(capsys) -> None:
    code, out, _ = run_cli(capsys, str(XOR), "--epochs", "2")
    assert code == 0
    assert sum(line.startswith("epoch") for line in out.splitlines()) == 2


def test_regression_accuracy_is_null(tmp_path, capsys) -> None:
    doc = json.loads(XOR.read_text())
    doc["data"]["dataset"] = "plane"
    doc["train"]["loss"] = "mse"
    doc["network"]["layers"][-1]["options"]["activation"] = "linear"
    path = tmp_path / "plane.json"
    path.write_text(json.dumps(doc))
    code, out, err = run_cli(capsys, str(path), "--epochs", "1", "--json")
    assert code == 0, err
    rec = json.loads(out)
    assert rec["train_acc"] is None and rec["test_acc"] is None


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (lambda d: d["network"]["layers"][0].update(type="magic"), "network.layers[0].type"),
        (lambda d: d["train"].update(learning_rate=-1), "train.learning_rate"),
        (lambda d: d["network"]["layers"][0]["options"].update(units=10**9), "units"),
    ],
)
def test_invalid_design_exits_2_with_one_line(tmp_path, capsys, mutate, words) -> None:
    doc = json.loads(XOR.read_text())
    mutate(doc)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    code, out, err = run_cli(capsys, str(path))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err and "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [("--epochs", "0"), ("--epochs", "many"), ("--backend", "tpu"), ("--seed", "-1")],
)
def test_bad_arguments_exit_2(capsys, args) -> None:
    code, _, err = run_cli(capsys, str(XOR), *args)
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_missing_file_and_cupy_without_gpu_exit_2(tmp_path, capsys) -> None:
    code, _, err = run_cli(capsys, str(tmp_path / "nope.json"))
    assert code == 2 and "nope.json" in err
    code, _, err = run_cli(capsys, str(XOR), "--backend", "cupy")
    assert code == 2 and "GPU" in err


def test_snapshot_continues_exactly(tmp_path, capsys) -> None:
    snap = tmp_path / "xor.nnps"
    code, two, err = run_cli(capsys, str(XOR), "--epochs", "2", "--json", "--save", str(snap))
    assert code == 0, err
    code, more, err = run_cli(capsys, str(snap), "--epochs", "2", "--json")
    assert code == 0, err
    code, four, err = run_cli(capsys, str(XOR), "--epochs", "4", "--json")
    assert code == 0, err

    def losses(text: str) -> list[tuple[float, float]]:
        return [(r["train_loss"], r["test_loss"]) for r in map(json.loads, text.splitlines())]

    assert losses(two) + losses(more) == losses(four)
    assert [json.loads(line)["epoch"] for line in more.splitlines()] == [3, 4]


def test_hostile_snapshot_is_refused(tmp_path, capsys) -> None:
    path = tmp_path / "evil.nnps"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../../etc/passwd", "x")
        zf.writestr("design.json", XOR.read_text())
    code, _, err = run_cli(capsys, str(path))
    assert code == 2 and "unexpected file" in err


def test_python_dash_m_playground_train_works_without_qt() -> None:
    env = {**os.environ, "PLAYGROUND_NO_GPU": "1"}
    code = (
        f"import sys, runpy; sys.argv=['playground','train',{str(XOR)!r},'--epochs','1','--json'];"
        "\ntry:\n runpy.run_module('playground', run_name='__main__')\nexcept SystemExit as e:\n"
        " assert not e.code, e.code\nassert 'PySide6' not in sys.modules"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert set(json.loads(proc.stdout.splitlines()[-1])) == KEYS
