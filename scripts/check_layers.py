#!/usr/bin/env python3
"""Imports run one way: ui -> api -> server -> dto -> domain (app above all).

Reads every .rs file under src/, finds each path it names through `crate::`,
`$crate::` or `super::` (use lines, `{…}` groups and paths in code alike;
comments and string literals are skipped), resolves it to the module it
names, and reports every reference that runs upward:

- between the crate's layers: domain < dto < server < api < ui < app;
- inside server/: the shared plumbing (op, auth, db, ledger, …) < dealer <
  signals < home, demo < bench < http, and admin/account are plumbing;
- inside ui/: icons, kit < components < layout, pages; and a page never
  names another page (pages share through ui/components).

Usage: scripts/check_layers.py [SRC_DIR]   (exit status 1 when any is found)
"""

import os
import re
import sys

CRATE_LAYERS = {"domain": 0, "dto": 1, "server": 2, "api": 3, "ui": 4, "app": 5}
# server/<first segment> -> rank; anything not named here is shared plumbing (0).
SERVER_LAYERS = {"dealer": 1, "signals": 2, "home": 3, "demo": 3, "bench": 4, "http": 5}
UI_LAYERS = {"icons": 0, "kit": 0, "components": 1, "layout": 2, "pages": 2}

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


def strip(src):
    """The source with comments, strings and char literals blanked (lines kept)."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif src.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if src.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif src.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif c == "r" and re.match(r'r#*"', src[i:]) and (i == 0 or not re.match(r"[A-Za-z0-9_]", src[i - 1])):
            hashes = re.match(r"r(#*)\"", src[i:]).group(1)
            end = src.find('"' + hashes, i + len(hashes) + 2)
            end = n if end < 0 else end + 1 + len(hashes)
            out.append(re.sub(r"[^\n]", " ", src[i:end]))
            i = end
        elif c == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            out.append(re.sub(r"[^\n]", " ", src[i : j + 1]))
            i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", src[i:]):
            m = re.match(r"'(\\.|[^\\'])'", src[i:])
            out.append(" " * len(m.group(0)))
            i += len(m.group(0))
        else:
            out.append(c)
            i += 1
    return "".join(out)


def module_of(rel):
    """src-relative file path -> module path segments (crate root = [])."""
    parts = rel[:-3].split(os.sep)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return parts


def group_heads(text, start):
    """First segments of the items of a `{…}` use group starting at text[start] == '{'."""
    depth, i, heads, item = 0, start, [], ""
    while i < len(text):
        c = text[i]
        if c == "{":
            depth += 1
            if depth == 1:
                item = ""
                i += 1
                continue
        elif c == "}":
            depth -= 1
            if depth == 0:
                heads.append(item)
                break
        elif c == "," and depth == 1:
            heads.append(item)
            item = ""
            i += 1
            continue
        if depth == 1:
            item += c
        i += 1
    out = []
    for h in heads:
        m = re.match(r"\s*(" + IDENT + ")", h)
        if m and m.group(1) not in ("self",):
            out.append(m.group(1))
    return out


def inline_modules(text):
    """Spans (start, end, name) of inline `mod name { … }` blocks."""
    spans = []
    for m in re.finditer(r"\bmod\s+(" + IDENT + r")\s*\{", text):
        depth, j = 0, m.end() - 1
        while j < len(text):
            if text[j] == "{":
                depth += 1
            elif text[j] == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        spans.append((m.start(), j, m.group(1)))
    return spans


def references(text, module):
    """(offset, target module path) for every crate-internal path in the file."""
    spans = inline_modules(text)
    pattern = r"(?<![A-Za-z0-9_])(\$?crate|super(?:\s*::\s*super)*)((?:\s*::\s*" + IDENT + r")*)(\s*::\s*\{)?"
    for m in re.finditer(pattern, text):
        head, tail, group = m.group(1), m.group(2), m.group(3)
        if not tail and not group:
            continue
        if head.endswith("crate"):
            base = []
        else:
            here = module + [name for (s, e, name) in spans if s < m.start() < e]
            ups = head.count("super")
            base = here[: len(here) - ups] if ups <= len(here) else []
        prefix = base + re.findall(IDENT, tail)
        if group:
            for first in group_heads(text, m.end() - 1):
                yield m.start(), prefix + [first]
        else:
            yield m.start(), prefix


def rank_violation(src_mod, target):
    """A message when `src_mod` may not name `target`, else None."""
    if not src_mod or not target:
        return None
    a, b = src_mod[0], target[0]
    if a in CRATE_LAYERS and b in CRATE_LAYERS and CRATE_LAYERS[b] > CRATE_LAYERS[a]:
        return f"{a} must not import {b} (upward)"
    if a == b == "server" and len(target) > 1:
        sa = SERVER_LAYERS.get(src_mod[1], 0) if len(src_mod) > 1 else 0
        sb = SERVER_LAYERS.get(target[1], 0)
        if sb > sa:
            where = src_mod[1] if len(src_mod) > 1 else "server"
            return f"server/{where} must not import server/{target[1]} (upward)"
    if a == b == "ui" and len(target) > 1 and len(src_mod) > 1:
        ua, ub = UI_LAYERS.get(src_mod[1], 2), UI_LAYERS.get(target[1], 2)
        if ub > ua:
            return f"ui/{src_mod[1]} must not import ui/{target[1]} (upward)"
        if src_mod[1] == "pages" and target[1] == "pages" and target[: len(src_mod)] != src_mod:
            return f"a page must not import another page ({'::'.join(target)}); share it through ui/components"
    return None


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "src")
    src = os.path.normpath(src)
    problems = []
    for root, _, files in os.walk(src):
        for f in sorted(files):
            if not f.endswith(".rs"):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, src)
            module = module_of(rel)
            if not module:  # lib.rs and main.rs may name anything
                continue
            text = strip(open(path, encoding="utf-8").read())
            for offset, target in references(text, module):
                why = rank_violation(module, target)
                if why:
                    line = text.count("\n", 0, offset) + 1
                    problems.append(f"src/{rel}:{line}: {'::'.join(target)}: {why}")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} import(s) run the wrong way (see scripts/check_layers.py for the order)")
        return 1
    print("imports run one way: ui -> api -> server -> dto -> domain")
    return 0


if __name__ == "__main__":
    sys.exit(main())
