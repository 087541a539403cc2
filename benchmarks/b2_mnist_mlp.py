"""B2: seconds per epoch of mnist-mlp.json (784-512 relu-10, RMSprop, batch 128); target <= 1.0x torch, acc >= 0.978.

The engine runs ``Trainer.train_epochs`` and reports each ``EpochRecord.seconds`` (the
training steps: batch gather, forward, loss, backward, RMSprop, per-batch loss and
accuracy; the test evaluation at the epoch end is timed separately), exactly what
``playground train mnist-mlp.json --json`` prints. PyTorch runs the same network
(Flatten, Linear 784-512, ReLU, Linear 512-10, ``F.cross_entropy``; ``torch.optim.RMSprop``
with lr 1e-3, alpha 0.9, eps 1e-7) from the engine's initial weights in the engine's batch
order. "s/epoch" is the median of the epochs of one run.

    python benchmarks/b2_mnist_mlp.py [--epochs 5] [--torch-epochs N] [--quick] [--backend numpy|cupy]

``--quick`` times 40 steps of one epoch and extrapolates to the 469 steps of an epoch
(accuracy is then meaningless).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

DESIGN = "mnist-mlp"
TARGET_RATIO = 1.0  # engine s/epoch <= 1.0x torch's
TARGET_ACC = 0.978
QUICK_STEPS = 40


def run_engine(args: argparse.Namespace) -> dict:
    skip = common.engine_skip_reason(args.backend)
    if skip:
        return {"skipped": skip}
    _, trainer = common.engine_trainer(DESIGN, args.backend)
    if args.quick:
        per_epoch = trainer.steps_per_epoch
        trainer.train_step()  # warm-up: first-touch of the buffers
        seconds, _ = common.timed(lambda: [trainer.train_step() for _ in range(QUICK_STEPS)],
                                  lambda: common.engine_sync(trainer))
        return {"epochs": 0, "steps": QUICK_STEPS, "s_per_epoch": seconds / QUICK_STEPS * per_epoch,
                "extrapolated": True}
    epochs = args.epochs
    records, eval_seconds = [], []
    for _ in range(epochs):
        # EpochRecord.seconds excludes the epoch-end test evaluation; time that around it
        t0 = time.perf_counter()
        rec = trainer.train_epoch()
        common.engine_sync(trainer)
        eval_seconds.append(time.perf_counter() - t0 - rec.seconds)
        records.append(rec)
    return {
        "epochs": epochs,
        "s_per_epoch": statistics.median(r.seconds for r in records),
        "epoch_seconds": [r.seconds for r in records],
        "eval_seconds": statistics.median(eval_seconds),
        "train_loss": records[-1].train_loss,
        "train_acc_per_epoch": [r.train_acc for r in records],
        "test_acc": records[-1].test_acc,
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
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10))
    common.copy_engine_weights(torch, model, common.engine_network(design, ds.input_shape))
    model.to(device)
    x_train = torch.from_numpy(ds.x_train).to(device)
    y_train = torch.from_numpy(ds.y_train).to(device)
    x_test = torch.from_numpy(ds.x_test).to(device)
    y_test = torch.from_numpy(ds.y_test).to(device)
    opt = torch.optim.RMSprop(model.parameters(), lr=train.learning_rate, alpha=train.rho, eps=train.epsilon)
    n = len(ds.x_train)
    per_epoch = math.ceil(n / train.batch_size)
    epochs = 1 if args.quick else (args.torch_epochs or args.epochs)
    order = [
        [torch.from_numpy(idx).to(device) for idx in batches]
        for batches in common.batch_order(train.seed, n, train.batch_size, epochs)
    ]

    def run_epoch(batches) -> tuple[float, int, int]:
        loss_sum, correct, seen = 0.0, 0, 0
        for idx in batches:
            xb, yb = x_train[idx], y_train[idx]
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(idx)  # per-batch metrics, as Keras prints them
            correct += (logits.argmax(1) == yb).sum().item()
            seen += len(idx)
        return loss_sum, correct, seen

    def evaluate() -> float:
        with torch.inference_mode():
            return (model(x_test).argmax(1) == y_test).float().mean().item()

    sync = lambda: common.torch_sync(torch, device)
    if args.quick:
        run_epoch(order[0][:1])
        seconds, _ = common.timed(lambda: run_epoch(order[0][1:1 + QUICK_STEPS]), sync)
        return {"epochs": 0, "steps": QUICK_STEPS, "s_per_epoch": seconds / QUICK_STEPS * per_epoch,
                "extrapolated": True}
    epoch_seconds, accs, eval_seconds = [], [], []
    for batches in order:
        seconds, (loss_sum, correct, seen) = common.timed(lambda b=batches: run_epoch(b), sync)
        epoch_seconds.append(seconds)
        accs.append(correct / seen)
        t_eval, test_acc = common.timed(evaluate, sync)
        eval_seconds.append(t_eval)
    return {
        "epochs": epochs,
        "s_per_epoch": statistics.median(epoch_seconds),
        "epoch_seconds": epoch_seconds,
        "eval_seconds": statistics.median(eval_seconds),
        "train_loss": loss_sum / seen,
        "train_acc_per_epoch": accs,
        "test_acc": test_acc,
    }


def parser() -> argparse.ArgumentParser:
    p = common.base_parser(__doc__)
    p.add_argument("--epochs", type=int, default=5, help="engine epochs (and torch's unless --torch-epochs)")
    p.add_argument("--torch-epochs", type=int, help="fewer torch epochs to save time (s/epoch is a median)")
    return p


def drive(args: argparse.Namespace) -> dict:
    res = common.drive(Path(__file__), common.forward_args(args, ["epochs", "torch_epochs"]))
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
        if "epoch_seconds" in out[impl]:
            print("   epoch seconds:", " ".join(f"{s:.3f}" for s in out[impl]["epoch_seconds"]),
                  "  train acc:", " ".join(f"{a:.4f}" for a in out[impl]["train_acc_per_epoch"]))
    r = out["ratio"]
    verdict = "n/a" if r is None else ("PASS" if r <= TARGET_RATIO else "FAIL")
    print(f"B2 engine/torch s/epoch: {common.fmt(r)} (target <= {TARGET_RATIO}): {verdict}")
    acc = out["engine"].get("test_acc")
    if acc is not None and not args.quick:
        print(f"B2 engine test accuracy after {out['engine']['epochs']} epochs: {acc:.4f} "
              f"(target >= {TARGET_ACC}): {'PASS' if acc >= TARGET_ACC else 'FAIL'}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
