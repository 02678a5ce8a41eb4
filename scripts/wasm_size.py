#!/usr/bin/env python3
"""What a browser downloads: the WASM and JS of the first load and of each page.

Reads the release site (`target/site/pkg` by default) that
`cargo leptos build --release --split -P` writes: the main module
(`dealflow.wasm` + `dealflow.js`), the split loader, one `split_*.wasm` per
lazy page and the `chunk_*.wasm` they share, listed in
`__wasm_split_manifest.json`. Prints raw, gzip and brotli bytes (the
precompressed `.gz` / `.br` files the server sends when they exist, else
compressed here) for the first load, for each page, and the totals for
"sign in" and "sign in, then the overview".

    scripts/wasm_size.py [PKG_DIR] [--max-overview-br BYTES]

With `--max-overview-br` it exits 1 when sign-in + overview exceeds the
budget, so the test command keeps the first load light.
"""

import argparse
import gzip
import json
import os
import sys

try:
    import brotli
except ImportError:  # pragma: no cover - the test venv installs it
    brotli = None

MAIN = ["dealflow.wasm", "dealflow.js"]
LOADER = "__wasm_split.______________________.js"
MANIFEST = "__wasm_split_manifest.json"


def sizes(pkg, name):
    path = os.path.join(pkg, name)
    with open(path, "rb") as f:
        data = f.read()
    raw = len(data)
    gz = _compressed(path, ".gz", lambda: len(gzip.compress(data, 9)))
    br = _compressed(path, ".br", lambda: _brotli(data, name))
    return raw, gz, br


def _brotli(data, name):
    if brotli is None:
        sys.exit(f"wasm_size: no {name}.br (build with -P) and no brotli module (pip install brotli)")
    return len(brotli.compress(data, quality=11))


def _compressed(path, ext, compute):
    if os.path.exists(path + ext):
        return os.path.getsize(path + ext)
    return compute()


def total(pkg, names):
    acc = [0, 0, 0]
    for name in names:
        for i, v in enumerate(sizes(pkg, name)):
            acc[i] += v
    return tuple(acc)


def page_name(key):
    # "__overview_route_view_7314…" → "overview"
    name = key.strip("_")
    for suffix in ("_route_view",):
        idx = name.find(suffix)
        if idx >= 0:
            return name[:idx]
    return name


def row(label, t):
    return f"{label:<28}{t[0]:>12,}{t[1]:>12,}{t[2]:>12,}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pkg", nargs="?", default="target/site/pkg")
    ap.add_argument("--max-overview-br", type=int, default=None)
    args = ap.parse_args()
    pkg = args.pkg

    missing = [n for n in MAIN if not os.path.exists(os.path.join(pkg, n))]
    if missing:
        sys.exit(f"wasm_size: {', '.join(missing)} not in {pkg}: build the site first")

    first = list(MAIN)
    manifest = {}
    if os.path.exists(os.path.join(pkg, MANIFEST)):
        first.append(LOADER)
        with open(os.path.join(pkg, MANIFEST)) as f:
            manifest = json.load(f)

    print(f"{'bytes':<28}{'raw':>12}{'gzip':>12}{'brotli':>12}")
    first_load = total(pkg, first)
    print(row("first load (sign in)", first_load))

    pages = {}
    for key, parts in manifest.items():
        pages[page_name(key)] = [p + ".wasm" for p in parts]
    for name in sorted(pages, key=lambda n: -total(pkg, pages[n])[2]):
        print(row(f"  + {name}", total(pkg, pages[name])))

    overview = first_load
    if "overview" in pages:
        extra = total(pkg, pages["overview"])
        overview = tuple(a + b for a, b in zip(first_load, extra))
    print(row("sign in, then overview", overview))
    chunks = sorted({p for parts in pages.values() for p in parts})
    print(row(f"all {len(chunks)} lazy files", total(pkg, chunks)))

    if args.max_overview_br is not None and overview[2] > args.max_overview_br:
        sys.exit(
            f"wasm_size: sign in + overview is {overview[2]:,} bytes brotli, "
            f"over the budget of {args.max_overview_br:,}"
        )


if __name__ == "__main__":
    main()
