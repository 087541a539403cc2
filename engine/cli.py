"""The headless command: ``playground train DESIGN.json [--epochs N] [--backend B] [--seed S] [--json]``.

A stable contract for tests, benchmarks and teachers preparing a lesson: one progress
line per epoch (with ``--json`` exactly one JSON object per line and epoch), exit status
0 on success, 2 for an invalid design, an unusable backend or a bad argument (a
one-line message on stderr, no traceback), 1 when training diverges.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from engine.errors import PlaygroundError, TrainingDiverged


class _ArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _ArgumentError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="playground", description="Neural Network Playground, headless commands.")
    sub = parser.add_subparsers(dest="command", required=True)
    train = sub.add_parser("train", help="train a design (or continue a snapshot) without a window")
    train.add_argument("design", help="a design .json file or a trained snapshot")
    train.add_argument("--epochs", type=int, help="number of epochs (default: the design's)")
    train.add_argument("--backend", choices=("auto", "numpy", "cupy"), help="compute backend")
    train.add_argument("--seed", type=int, help="random seed for weights and batch order")
    train.add_argument("--json", action="store_true", help="one JSON object per line and epoch")
    train.add_argument("--save", help="write a trained snapshot here after training")
    export = sub.add_parser(
        "export", help="write a design or trained snapshot as PyTorch or Keras code (+ weights) or as ONNX"
    )
    export.add_argument("design", help="a design .json file or a trained snapshot")
    export.add_argument("--to", required=True, choices=("pytorch", "keras", "onnx"), dest="fmt",
                        help="target format")
    export.add_argument("out", help="output: OUT.py (+ OUT.weights.npz) for pytorch/keras, a .onnx file for onnx")
    return parser


def _fail(message: str, code: int = 2) -> int:
    print(f"playground: error: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(argv)
    except _ArgumentError as exc:
        return _fail(str(exc))
    if args.command == "train":
        return _train(args)
    if args.command == "export":
        return _export(args)
    return _fail(f"unknown command {args.command!r}")  # pragma: no cover - argparse rejects it first


def _train(args: argparse.Namespace) -> int:
    from engine.design_io import load_design
    from engine.training import Trainer, load_design_for_training

    if args.epochs is not None and args.epochs < 1:
        return _fail("--epochs must be at least 1")
    if args.seed is not None and not 0 <= args.seed < 2**32:
        return _fail("--seed must be between 0 and 4294967295")
    from engine.checkpoint import is_snapshot_file, load_checkpoint, restore_trainer

    path = Path(args.design)
    try:
        if is_snapshot_file(path):
            if args.seed is not None:
                return _fail("--seed cannot change a trained snapshot; it continues with its own state")
            ckpt = load_checkpoint(path)
            trainer = restore_trainer(ckpt, backend=args.backend or ckpt.design.train.backend)
            design = load_design_for_training(trainer.design, args.epochs, None)
        else:
            design = load_design(path)
            design = load_design_for_training(design, args.epochs, args.seed)
            trainer = Trainer(design, backend=args.backend or design.train.backend)
    except PlaygroundError as exc:
        return _fail(f"{path}: {exc}")
    except OSError as exc:
        return _fail(f"{path}: {exc.strerror or exc}")
    if not args.json:
        b = trainer.backend
        note = f" ({b.note})" if b.note else ""
        print(f"training {path.name} on {b.name} [{b.device}]{note}: "
              f"{trainer.analysis.n_params:,} parameters, {len(trainer.dataset.x_train):,} training samples")
    try:
        for _ in range(design.train.epochs):
            record = trainer.train_epoch()
            if args.json:
                print(json.dumps(record.to_json()), flush=True)
            else:
                print(_line(record), flush=True)
            target = design.train.target_loss
            if target is not None and record.train_loss <= target:
                if not args.json:
                    print(f"reached the target loss {target} after epoch {record.epoch}")
                break
    except TrainingDiverged as exc:
        return _fail(str(exc), code=1)
    if args.save:
        try:
            from engine.checkpoint import save_checkpoint

            save_checkpoint(trainer, args.save)
        except (PlaygroundError, OSError) as exc:
            return _fail(f"could not save the snapshot: {exc}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from engine.export import export_design

    path = Path(args.design)
    try:
        written = export_design(path, args.fmt, args.out)
    except PlaygroundError as exc:
        return _fail(" ".join(f"{path}: {exc}".split()))  # one line, whatever the message holds
    except OSError as exc:
        return _fail(f"cannot write {args.out}: {exc.strerror or exc}")
    print(f"wrote {', '.join(str(p) for p in written)}")
    return 0


def _line(r) -> str:
    acc = ""
    if r.train_acc is not None:
        acc = f"  train acc {r.train_acc:.4f}  test acc {r.test_acc:.4f}"
    return (f"epoch {r.epoch:4d}  train loss {r.train_loss:.4f}  test loss {r.test_loss:.4f}{acc}"
            f"  {r.seconds:.2f} s  {r.samples_per_second:,.0f} samples/s")


if __name__ == "__main__":
    sys.exit(main())
