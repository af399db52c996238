"""Write a Netmanifold activation bundle (docs/activation-bundle.md).

Explore populations trained anywhere (PyTorch, JAX, Keras, ...) in Netmanifold:
feed the same probe inputs to every network, collect each hidden layer's
activations, and call ``export_population``. Needs only numpy and the standard
library.

    from export_activations import export_population
    export_population(
        "my-population.zip",
        probe_x=X_probe,            # (n, input_dim) float array, or None
        probe_y=y_probe,            # (n,) integer class labels
        dataset={"name": "cifar10-gray", "input_dim": 1024, "num_classes": 10},
        networks=[
            {
                "id": "mlp-0",
                "hparams": {"widths": [64, 64], "activation": "relu", "lr": 1e-3, "optimizer": "adam"},
                "metrics": {"test_acc": 0.91, "test_loss": 0.3, "train_acc": 0.95, "train_loss": 0.2},
                "activations": [h1, h2],    # one (n, width) array per hidden layer, post-activation
            },
        ],
    )

Then drop the zip onto Netmanifold (or use "Import → activation bundle").
Hyperparameters may use Keras, PyTorch or scikit-learn names: for an
``MLPClassifier``, ``"hparams": clf.get_params()`` is understood (solver,
learning_rate_init, alpha, max_iter, random_state, hidden_layer_sizes, ...).
Pass ``probe_indices`` (which rows of the test split the probe rows are, in
probe order) and ``probe_seed`` so the probe set can be checked and repeated;
for the shipped ``digits`` dataset use pixel / 16 inputs (load_digits().data / 16).
Activations of conv layers may be (n, h, w, c) or (n, c, h, w): they are
flattened per probe point. Accuracies are fractions in [0, 1].
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping, Optional, Sequence

import numpy as np

FORMAT = "netmanifold-activations"
VERSION = 1


def _npy_bytes(a: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(a), allow_pickle=False)
    return buf.getvalue()


def _plain(v: Any) -> Any:
    """JSON-safe copy of hyperparameters/metrics (numpy scalars and arrays become Python values)."""
    if isinstance(v, Mapping):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, np.ndarray):
        return _plain(v.tolist())
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not np.isfinite(v):
        return "NaN" if np.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    return v


def _safe_name(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", s)[:60] or "net"


def export_population(
    path: str,
    probe_x: Optional[np.ndarray],
    probe_y: np.ndarray,
    networks: Sequence[Mapping[str, Any]],
    dataset: Any = None,
    name: Optional[str] = None,
    generator: str = "export_activations.py",
    dtype: Any = np.float32,
    probe_indices: Optional[np.ndarray] = None,
    probe_seed: Optional[int] = None,
) -> dict:
    """Write ``path`` (a .zip) holding manifest.json and one .npy per array; return the manifest.

    probe_x:  (n, input_dim) inputs shown to every network, or None if you cannot share them.
    probe_y:  (n,) integer labels in 0..num_classes-1.
    networks: dicts with ``id``, ``hparams`` (free-form; widths, activation,
              optimizer, lr, batch_size, epochs, dropout, weight_decay, init, seed
              are recognised), ``metrics`` (test_acc, test_loss, train_acc,
              train_loss, optional history = [{epoch, train_loss, ...}, ...]),
              ``activations`` (list of (n, ...) arrays, one per hidden layer) and
              optionally ``checkpoints`` = [{"epoch": e, "activations": [...]}].
    dataset:  a shipped dataset name ("digits", "mnist", "modadd", "moons", ...) or
              {"name", "input_dim", "num_classes", "class_names"?} for your own.
    probe_indices: (n,) non-negative ints: the probe rows' indices into the test
              split, in probe order (Netmanifold checks them for shipped datasets).
    probe_seed: the seed that drew the probe rows (recorded in provenance).
    """
    probe_y = np.asarray(probe_y)
    if probe_y.ndim != 1:
        raise ValueError(f"probe_y must be 1-D class labels, got shape {probe_y.shape} (one-hot? use argmax)")
    n = probe_y.shape[0]
    if dataset is None:
        dataset = {"name": "custom", "num_classes": int(probe_y.max()) + 1}
        if probe_x is not None:
            dataset["input_dim"] = int(np.prod(np.asarray(probe_x).shape[1:]))
    files: dict[str, bytes] = {}

    def add(fname: str, a: np.ndarray, kind: str) -> str:
        a = np.asarray(a)
        if a.shape[0] != n:
            raise ValueError(f"{fname}: expected {n} rows (one per probe point), got shape {a.shape}")
        if kind == "float":
            a = a.reshape(n, -1).astype(dtype)
        else:
            a = a.astype(np.int32)
        files[fname] = _npy_bytes(a)
        return fname

    probe: dict[str, Any] = {"labels": add("probe_y.npy", probe_y, "int")}
    if probe_x is not None:
        ds_name = dataset if isinstance(dataset, str) else dataset.get("name")
        if ds_name == "digits" and float(np.max(probe_x)) > 1.0 + 1e-6:
            raise ValueError("the shipped digits dataset is pixel / 16 in [0, 1]; probe_x looks like raw 0-16 pixels: divide by 16")
        if ds_name == "mnist" and float(np.max(probe_x)) > 1.0 + 1e-6:
            raise ValueError("the shipped mnist dataset is pixel / 255 in [0, 1]; probe_x looks like raw 0-255 pixels: divide by 255")
        probe["x"] = add("probe_x.npy", probe_x, "float")
    if probe_indices is not None:
        idx = np.asarray(probe_indices)
        if idx.ndim != 1 or idx.shape[0] != n or (idx < 0).any() or not np.issubdtype(idx.dtype, np.integer):
            raise ValueError(f"probe_indices must be {n} non-negative integers (one per probe row), got shape {idx.shape} dtype {idx.dtype}")
        probe["indices"] = add("probe_indices.npy", idx, "int")
    if probe_seed is not None:
        probe["seed"] = int(probe_seed)

    seen: set[str] = set()
    nets = []
    for i, net in enumerate(networks):
        nid = str(net["id"])
        if nid in seen:
            raise ValueError(f"duplicate network id {nid!r}")
        seen.add(nid)
        stem = f"{i:04d}_{_safe_name(nid)}"
        acts = [add(f"{stem}_layer{l}.npy", a, "float") for l, a in enumerate(net["activations"])]
        if not acts:
            raise ValueError(f"network {nid!r} has no hidden-layer activations")
        entry: dict[str, Any] = {
            "id": nid,
            "hyperparameters": _plain(net.get("hparams", {})),
            "metrics": _plain(net.get("metrics", {})),
            "activations": acts,
        }
        if "status" in net:
            entry["status"] = net["status"]
        cps = []
        for cp in net.get("checkpoints", []) or []:
            e = int(cp["epoch"])
            cps.append({"epoch": e, "activations": [add(f"{stem}_e{e}_layer{l}.npy", a, "float") for l, a in enumerate(cp["activations"])]})
        if cps:
            entry["checkpoints"] = cps
        nets.append(entry)

    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "name": name or f"{dataset if isinstance(dataset, str) else dataset['name']} population",
        "generator": generator,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "dataset": _plain(dataset),
        "probe": probe,
        "networks": nets,
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("manifest.json", json.dumps(manifest, indent=1))
        for fname, data in files.items():
            z.writestr(fname, data)
    return manifest


def iter_hidden(x: np.ndarray, weights: Iterable[tuple[np.ndarray, np.ndarray]], act) -> list[np.ndarray]:
    """Post-activation outputs of dense layers (x @ W + b, then act) — a helper for numpy models."""
    out, h = [], x
    for w, b in weights:
        h = act(h @ w + b)
        out.append(h)
    return out
