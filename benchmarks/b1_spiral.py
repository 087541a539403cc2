"""B1: training steps per second on spiral.json (2-8-8-1 tanh, MSE, SGD 0.03, batch 10); target >= 5x PyTorch.

Both implementations run ``--warmup`` steps, then ``--steps`` timed steps. A step is what
``Trainer.train_step()`` does: gather the batch, forward, loss, backward, update, and the
per-batch loss and accuracy; every 25 steps an epoch ends and the 250 test points are
evaluated (the engine does this inside ``train_step``, so the PyTorch loop does it too).
Both start from the engine's initial weights and follow its batch order, so the final
losses should agree closely. The headline number calls ``Trainer.train_step()`` once per
step (as the app's worker does); ``steps_per_second_chunked`` runs the same steps through
``Trainer.train_steps(25)``.

    python benchmarks/b1_spiral.py [--steps 10000] [--warmup 500] [--quick] [--backend numpy|cupy]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

DESIGN = "spiral"
TARGET_RATIO = 5.0  # engine steps/s >= 5x torch's
CHUNK = 25  # steps per Trainer.train_steps call in the secondary measurement (one spiral epoch)


def _counts(args: argparse.Namespace) -> tuple[int, int]:
    if args.quick:
        return 50, 500
    return args.warmup, args.steps


def run_engine(args: argparse.Namespace) -> dict:
    skip = common.engine_skip_reason(args.backend)
    if skip:
        return {"skipped": skip}
    warmup, steps = _counts(args)
    _, trainer = common.engine_trainer(DESIGN, args.backend)
    for _ in range(warmup):
        trainer.train_step()

    def loop() -> None:
        for _ in range(steps):
            trainer.train_step()

    seconds, _ = common.timed(loop, lambda: common.engine_sync(trainer))
    train_loss, train_acc = trainer.evaluate("train")
    _, test_acc = trainer.evaluate("test")

    # the same steps in chunks of CHUNK through Trainer.train_steps (one floating-point
    # error context per chunk instead of per step), on a second, identical trainer
    _, chunked = common.engine_trainer(DESIGN, args.backend)
    chunked.train_steps(warmup, stop_at_epoch_end=False)

    def chunk_loop() -> None:
        for start in range(0, steps, CHUNK):
            chunked.train_steps(min(CHUNK, steps - start), stop_at_epoch_end=False)

    chunk_seconds, _ = common.timed(chunk_loop, lambda: common.engine_sync(chunked))
    return {
        "steps": steps,
        "seconds": seconds,
        "steps_per_second": steps / seconds,
        "us_per_step": seconds / steps * 1e6,
        "train_loss": train_loss,
        "train_acc": train_acc,
        "test_acc": test_acc,
        "steps_per_second_chunked": steps / chunk_seconds,
    }


def run_torch(args: argparse.Namespace) -> dict:
    torch, device, skip = common.torch_setup(args.backend)
    if skip:
        return {"skipped": skip}
    import numpy as np
    from torch import nn

    from engine.data import load_dataset
    from engine.design_io import load_design

    warmup, steps = _counts(args)
    design = load_design(common.EXAMPLES / f"{DESIGN}.json")
    train = design.train
    ds = load_dataset(design.data)
    model = nn.Sequential(
        nn.Linear(2, 8), nn.Tanh(),
        nn.Linear(8, 8), nn.Tanh(),
        nn.Linear(8, 1), nn.Tanh(),
    )
    common.copy_engine_weights(torch, model, common.engine_network(design, ds.input_shape))
    model.to(device)

    def tensors(x: np.ndarray, y: np.ndarray) -> tuple:
        # tanh output: class 1 -> +1, class 0 -> -1 (the engine's target coding)
        t = (2.0 * y - 1.0).astype(np.float32).reshape(-1, 1)
        return (torch.from_numpy(x).to(device), torch.from_numpy(t).to(device), torch.from_numpy(y).to(device))

    x_train, t_train, y_train = tensors(ds.x_train, ds.y_train)
    x_test, t_test, y_test = tensors(ds.x_test, ds.y_test)
    loss_fn = nn.MSELoss()
    opt = torch.optim.SGD(model.parameters(), lr=train.learning_rate)
    n = len(ds.x_train)
    per_epoch = math.ceil(n / train.batch_size)
    total = warmup + steps
    epochs = total // per_epoch + 1
    # (index tensor, epoch ends after this batch)
    batches = [
        (torch.from_numpy(idx).to(device), i == len(epoch) - 1)
        for epoch in common.batch_order(train.seed, n, train.batch_size, epochs)
        for i, idx in enumerate(epoch)
    ]
    stats = {"loss_sum": 0.0, "correct": 0}

    def evaluate(x, t, y) -> tuple[float, float]:
        with torch.inference_mode():
            out = model(x)
            return loss_fn(out, t).item(), ((out[:, 0] > 0).long() == y).float().mean().item()

    def step(idx, epoch_end: bool) -> None:
        xb, tb = x_train[idx], t_train[idx]
        out = model(xb)
        loss = loss_fn(out, tb)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        stats["loss_sum"] += loss.item() * len(idx)
        stats["correct"] += ((out[:, 0] > 0).long() == y_train[idx]).sum().item()
        if epoch_end:  # the engine evaluates the test split at every epoch end
            evaluate(x_test, t_test, y_test)

    for idx, end in itertools.islice(batches, warmup):
        step(idx, end)

    def loop() -> None:
        for idx, end in batches[warmup:total]:
            step(idx, end)

    seconds, _ = common.timed(loop, lambda: common.torch_sync(torch, device))
    train_loss, train_acc = evaluate(x_train, t_train, y_train)
    _, test_acc = evaluate(x_test, t_test, y_test)
    return {
        "steps": steps,
        "seconds": seconds,
        "steps_per_second": steps / seconds,
        "us_per_step": seconds / steps * 1e6,
        "train_loss": train_loss,
        "train_acc": train_acc,
        "test_acc": test_acc,
    }


def parser() -> argparse.ArgumentParser:
    p = common.base_parser(__doc__)
    p.add_argument("--steps", type=int, default=10000, help="timed steps")
    p.add_argument("--warmup", type=int, default=500, help="untimed steps first")
    return p


def drive(args: argparse.Namespace) -> dict:
    """One engine run and one torch run (fresh processes); the row of the summary table."""
    res = common.drive(Path(__file__), common.forward_args(args, ["steps", "warmup"]))
    e, t = res["engine"], res["torch"]
    speedup = common.ratio(e, t, "steps_per_second")
    return {"engine": e, "torch": t, "speedup": speedup}


def main() -> int:
    args = parser().parse_args()
    common.set_threads(args.threads)
    if args.worker:
        return common.worker_main(run_engine, run_torch, args)
    out = drive(args)
    for impl in common.IMPLS:
        print(common.describe(out[impl]))
    s = out["speedup"]
    verdict = "n/a" if s is None else ("PASS" if s >= TARGET_RATIO else "FAIL")
    print(f"B1 engine/torch steps per second: {common.fmt(s)}x (target >= {TARGET_RATIO}x): {verdict}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
