"""B3: seconds per epoch of mnist-cnn.json (conv8-pool-conv16-pool-dense10, Adam, batch 64); target <= 1.3x PyTorch.

One full epoch (938 steps) by default, or ``--steps N`` timed steps extrapolated to an
epoch. The engine's time is ``EpochRecord.seconds`` for a full epoch (what
``playground train --json`` prints), else the wall-clock of N ``train_step()`` calls.
PyTorch runs the same network (Conv2d 1-8 3x3, ReLU, MaxPool2d 2, Conv2d 8-16 3x3, ReLU,
MaxPool2d 2, Flatten, Linear 400-10, ``F.cross_entropy``, ``torch.optim.Adam`` with lr
1e-3, eps 1e-7) from the engine's initial weights in the engine's batch order. The test
set (10,000 images) is evaluated after the epoch and timed separately.

    python benchmarks/b3_mnist_cnn.py [--steps N] [--quick] [--backend numpy|cupy]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

DESIGN = "mnist-cnn"
TARGET_RATIO = 1.3  # engine s/epoch <= 1.3x torch's
QUICK_STEPS = 30


def _steps(args: argparse.Namespace) -> int | None:
    """Timed steps, or None for one whole epoch."""
    return QUICK_STEPS if args.quick else args.steps


def run_engine(args: argparse.Namespace) -> dict:
    skip = common.engine_skip_reason(args.backend)
    if skip:
        return {"skipped": skip}
    _, trainer = common.engine_trainer(DESIGN, args.backend)
    per_epoch = trainer.steps_per_epoch
    steps = _steps(args)
    if steps is not None and steps < per_epoch:
        trainer.train_step()  # warm-up: first-touch of the scratch buffers
        seconds, _ = common.timed(lambda: [trainer.train_step() for _ in range(steps)],
                                  lambda: common.engine_sync(trainer))
        return {"steps": steps, "s_per_epoch": seconds / steps * per_epoch, "extrapolated": True}
    t0 = time.perf_counter()
    rec = trainer.train_epoch()
    common.engine_sync(trainer)
    return {
        "steps": rec.steps,
        "s_per_epoch": rec.seconds,
        "eval_seconds": time.perf_counter() - t0 - rec.seconds,
        "train_loss": rec.train_loss,
        "train_acc": rec.train_acc,
        "test_acc": rec.test_acc,
    }


def run_torch(args: argparse.Namespace) -> dict:
    torch, device, skip = common.torch_setup(args.backend)
    if skip:
        return {"skipped": skip}
    import torch.nn.functional as F
    from torch import nn

    from engine.data import load_dataset
    from engine.design_io import load_design

    design = load_design(common.EXAMPLES / f"{DESIGN}.json")
    train = design.train
    ds = load_dataset(design.data)
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(400, 10),
    )
    common.copy_engine_weights(torch, model, common.engine_network(design, ds.input_shape))
    model.to(device)
    x_train = torch.from_numpy(ds.x_train).to(device)
    y_train = torch.from_numpy(ds.y_train).to(device)
    x_test = torch.from_numpy(ds.x_test).to(device)
    y_test = torch.from_numpy(ds.y_test).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=train.learning_rate, betas=(train.beta1, train.beta2),
                           eps=train.epsilon)
    n = len(ds.x_train)
    per_epoch = math.ceil(n / train.batch_size)
    batches = [torch.from_numpy(idx).to(device)
               for idx in next(common.batch_order(train.seed, n, train.batch_size, 1))]

    def run(batch_list) -> tuple[float, int, int]:
        loss_sum, correct, seen = 0.0, 0, 0
        for idx in batch_list:
            xb, yb = x_train[idx], y_train[idx]
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(idx)
            correct += (logits.argmax(1) == yb).sum().item()
            seen += len(idx)
        return loss_sum, correct, seen

    def evaluate() -> float:
        correct = 0
        with torch.inference_mode():
            for i in range(0, len(x_test), 1000):
                correct += (model(x_test[i:i + 1000]).argmax(1) == y_test[i:i + 1000]).sum().item()
        return correct / len(x_test)

    sync = lambda: common.torch_sync(torch, device)
    steps = _steps(args)
    if steps is not None and steps < per_epoch:
        run(batches[:1])
        seconds, _ = common.timed(lambda: run(batches[1:1 + steps]), sync)
        return {"steps": steps, "s_per_epoch": seconds / steps * per_epoch, "extrapolated": True}
    seconds, (loss_sum, correct, seen) = common.timed(lambda: run(batches), sync)
    eval_seconds, test_acc = common.timed(evaluate, sync)
    return {
        "steps": len(batches),
        "s_per_epoch": seconds,
        "eval_seconds": eval_seconds,
        "train_loss": loss_sum / seen,
        "train_acc": correct / seen,
        "test_acc": test_acc,
    }


def parser() -> argparse.ArgumentParser:
    p = common.base_parser(__doc__)
    p.add_argument("--steps", type=int, help="time this many steps and extrapolate (default: one whole epoch)")
    return p


def drive(args: argparse.Namespace) -> dict:
    res = common.drive(Path(__file__), common.forward_args(args, ["steps"]))
    e, t = res["engine"], res["torch"]
    return {"engine": e, "torch": t, "ratio": common.ratio(e, t, "s_per_epoch")}


def main() -> int:
    args = parser().parse_args()
    common.set_threads(args.threads)
    if args.worker:
        return common.worker_main(run_engine, run_torch, args)
    out = drive(args)
    for impl in common.IMPLS:
        print(common.describe(out[impl]))
    r = out["ratio"]
    verdict = "n/a" if r is None else ("PASS" if r <= TARGET_RATIO else "FAIL")
    print(f"B3 engine/torch s/epoch: {common.fmt(r)} (target <= {TARGET_RATIO}): {verdict}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
