"""Build a tiny synthetic population with numpy only and write tools/example-population.zip.

    python3 tools/example_export.py [out.zip]

Twelve two-hidden-layer MLPs on a noisy two-moons set, trained by plain
full-batch gradient descent (softmax cross-entropy) with different widths,
activations, learning rates and seeds. Deterministic: the same numpy version
writes the same arrays (the manifest's created_at differs).
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_activations import export_population  # noqa: E402


def moons(n, noise, rng):
    """Two interleaved half circles: class 0 (cos t, sin t), class 1 (1 - cos t, 0.5 - sin t)."""
    t = rng.uniform(0, np.pi, n)
    y = rng.integers(0, 2, n)
    x = np.where(y[:, None] == 0, np.stack([np.cos(t), np.sin(t)], 1), np.stack([1 - np.cos(t), 0.5 - np.sin(t)], 1))
    return x + rng.normal(0, noise, x.shape), y


ACTS = {
    "relu": (lambda z: np.maximum(z, 0), lambda z, h: (z > 0).astype(z.dtype)),
    "tanh": (np.tanh, lambda z, h: 1 - h * h),
}


def train(x, y, xt, yt, widths, act, lr, epochs, seed):
    rng = np.random.default_rng(seed)
    f, df = ACTS[act]
    sizes = [x.shape[1], *widths, 2]
    ws = [(rng.normal(0, np.sqrt(2 / (a + b)), (a, b)), np.zeros(b)) for a, b in zip(sizes[:-1], sizes[1:])]
    history = []

    def forward(inp):
        zs, hs, h = [], [], inp
        for i, (w, b) in enumerate(ws):
            z = h @ w + b
            h = z if i == len(ws) - 1 else f(z)
            zs.append(z)
            hs.append(h)
        return zs, hs

    def metrics(inp, lab):
        logits = forward(inp)[1][-1]
        p = np.exp(logits - logits.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        return float(-np.log(p[np.arange(len(lab)), lab] + 1e-12).mean()), float((logits.argmax(1) == lab).mean())

    onehot = np.eye(2)[y]
    for epoch in range(1, epochs + 1):
        zs, hs = forward(x)
        p = np.exp(hs[-1] - hs[-1].max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        g = (p - onehot) / len(y)
        for i in range(len(ws) - 1, -1, -1):
            h_in = x if i == 0 else hs[i - 1]
            w, b = ws[i]
            gw, gb = h_in.T @ g, g.sum(0)
            if i > 0:
                g = (g @ w.T) * df(zs[i - 1], hs[i - 1])
            ws[i] = (w - lr * gw, b - lr * gb)
        if epoch % 20 == 0:
            tl, ta = metrics(x, y)
            vl, va = metrics(xt, yt)
            history.append({"epoch": epoch, "train_loss": tl, "train_acc": ta, "test_loss": vl, "test_acc": va})
    return forward, history


def main(out):
    rng = np.random.default_rng(0)
    x, y = moons(400, 0.15, rng)
    xt, yt = moons(200, 0.15, rng)
    probe_idx = np.sort(rng.choice(len(yt), 64, replace=False))
    px, py = xt[probe_idx], yt[probe_idx]
    nets = []
    for k in range(12):
        widths = [[8, 8], [16, 8], [16, 16]][k % 3]
        act = ["relu", "tanh"][(k // 3) % 2]
        lr = [0.5, 0.05][k // 6]
        forward, history = train(x, y, xt, yt, widths, act, lr, 200, seed=k)
        hidden = forward(px)[1][:-1]
        last = history[-1]
        nets.append({
            "id": f"np-{k:02d}",
            "hparams": {"widths": widths, "activation": act, "lr": lr, "optimizer": "sgd", "epochs": 200,
                        "batch_size": len(y), "seed": k, "framework": "numpy"},
            "metrics": {**{m: last[m] for m in ("test_acc", "test_loss", "train_acc", "train_loss")}, "history": history},
            "activations": hidden,
        })
    export_population(out, px, py, nets, dataset={"name": "numpy-moons", "input_dim": 2, "num_classes": 2, "class_names": ["upper", "lower"]},
                      name="numpy two-moons example", generator="tools/example_export.py",
                      probe_indices=probe_idx, probe_seed=0)
    print(f"wrote {out} ({os.path.getsize(out)} bytes, {len(nets)} networks)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "example-population.zip"))
