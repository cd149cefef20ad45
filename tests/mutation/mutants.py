#!/usr/bin/env python3
"""Finds comparison-flip mutants in a C++ file, and writes one of them; the helper of
flip_comparisons.sh (see its header).

    mutants.py list  FILE [LINES]            one mutant a line: LINE<TAB>COL<TAB>ORIGINAL<TAB>MUTANT
                                             LINES: N, FROM-TO, N.COL (the operator at that
                                             column only), or a comma list of them
    mutants.py apply FILE LINE COL ORIG MUT  writes FILE with that one operator replaced (in place)
    mutants.py sync  SRC DST                 copies the files named on stdin (NUL-separated, relative
                                             to SRC) to DST where their content differs, and deletes
                                             what else DST has (but DST/build)

A simple lexer, not a C++ parser. It skips preprocessor lines, // and /* */ comments, string,
character and raw-string literals (also across lines), and takes an operator only when it stands
alone between spaces (or at a line's start or end), as this code base's clang-format style writes
every binary operator. That leaves out templates (std::vector<int>, static_cast<unsigned>(x)),
<<, >>, ->, <=>, the rvalue reference T&& and the lambda capture [&].
"""
import filecmp
import os
import re
import shutil
import sys

FLIPS = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "==", "&&": "||", "||": "&&"}
# Longest first, so "<=" is not read as "<" then "=".
OPERATORS = re.compile(r"<=>|<<=|>>=|<<|>>|->|<=|>=|==|!=|&&|\|\||<|>")


def code_only(lines):
    """Each line with comments and literals blanked out (same length, so columns stay)."""
    out = []
    in_block = False
    raw_end = None  # the )delim" that ends a raw string spanning lines
    for line in lines:
        chars = list(line)
        i, n = 0, len(line)
        if not in_block and raw_end is None and line.lstrip().startswith("#"):
            out.append(" " * n)
            continue
        while i < n:
            if raw_end is not None:
                j = line.find(raw_end, i)
                stop = n if j < 0 else j + len(raw_end)
                chars[i:stop] = " " * (stop - i)
                i = stop
                if j >= 0:
                    raw_end = None
                continue
            if in_block:
                j = line.find("*/", i)
                stop = n if j < 0 else j + 2
                chars[i:stop] = " " * (stop - i)
                i = stop
                if j >= 0:
                    in_block = False
                continue
            c = line[i]
            if line.startswith("//", i):
                chars[i:n] = " " * (n - i)
                break
            if line.startswith("/*", i):
                in_block = True
                continue
            raw = re.match(r'(?:u8|u|U|L)?R"([^()\\ ]{0,16})\(', line[i:])
            if raw and (i == 0 or not (line[i - 1].isalnum() or line[i - 1] == "_")):
                raw_end = ")" + raw.group(1) + '"'
                chars[i:i + raw.end()] = " " * raw.end()
                i += raw.end()
                continue
            if c in "\"'":
                if c == "'" and i > 0 and line[i - 1].isalnum():  # digit separator 1'000
                    i += 1
                    continue
                j = i + 1
                while j < n and line[j] != c:
                    j += 2 if line[j] == "\\" else 1
                stop = min(j + 1, n)
                chars[i:stop] = " " * (stop - i)
                i = stop
                continue
            i += 1
        out.append("".join(chars))
    return out


def wanted_at(spec):
    """'12', '10-20', '12.40', '12,30-40' → a test for (line, column); '' → everywhere."""
    ranges, points = [], set()
    for item in filter(None, spec.split(",")):
        if "." in item:
            line, _, col = item.partition(".")
            points.add((int(line), int(col)))
            continue
        a, dash, b = item.partition("-")
        ranges.append((int(a), int(b) if b else (None if dash else int(a))))
    return lambda n, c: (not ranges and not points) or (n, c) in points or \
        any(a <= n and (b is None or n <= b) for a, b in ranges)


def mutants(path, spec=""):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    wanted = wanted_at(spec)
    for number, code in enumerate(code_only(lines), start=1):
        for m in OPERATORS.finditer(code):
            op = m.group(0)
            if op not in FLIPS:
                continue
            before = code[m.start() - 1] if m.start() > 0 else " "
            after = code[m.end()] if m.end() < len(code) else " "
            if not (before.isspace() and after.isspace()):
                continue  # a template bracket, a reference, a capture, or not this style
            if re.search(r"\boperator\s*$", code[: m.start()]) or re.search(r"\btemplate\s*$", code[: m.start()]):
                continue
            if wanted(number, m.start() + 1):
                yield number, m.start() + 1, op, FLIPS[op]


def main(argv):
    if len(argv) >= 3 and argv[1] == "list":
        for line, col, op, mut in mutants(argv[2], argv[3] if len(argv) > 3 else ""):
            print(f"{line}\t{col}\t{op}\t{mut}")
        return 0
    if len(argv) == 7 and argv[1] == "apply":
        path, line, col, op, mut = argv[2], int(argv[3]), int(argv[4]), argv[5], argv[6]
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        text = lines[line - 1]
        if text[col - 1: col - 1 + len(op)] != op:
            print(f"{path}:{line}:{col}: expected '{op}' there, found '{text[col - 1: col - 1 + len(op)]}'", file=sys.stderr)
            return 1
        lines[line - 1] = text[: col - 1] + mut + text[col - 1 + len(op):]
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        return 0
    if len(argv) == 4 and argv[1] == "sync":
        sync(argv[2], argv[3], [p for p in sys.stdin.buffer.read().decode().split("\0") if p])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


def sync(src, dst, paths):
    """A copy of SRC's files in DST. Only a file whose content differs is written, so it alone gets
    a new time and the build recompiles only it; the others keep theirs. (A copy that kept the
    source's times would be wrong here: a mutant's object file, newer than the source put back,
    would look up to date.)"""
    keep = set()
    for rel in paths:
        s, d = os.path.join(src, rel), os.path.join(dst, rel)
        if not os.path.isfile(s):
            continue  # deleted in the working tree but not yet in git
        keep.add(os.path.normpath(rel))
        if os.path.isfile(d) and filecmp.cmp(s, d, shallow=False):
            continue
        os.makedirs(os.path.dirname(d) or ".", exist_ok=True)
        shutil.copyfile(s, d)
        shutil.copymode(s, d)
    for root, dirs, files in os.walk(dst):
        rel_root = os.path.relpath(root, dst)
        if rel_root == ".":
            dirs[:] = [x for x in dirs if x != "build"]
        for f in files:
            rel = os.path.normpath(os.path.join(rel_root, f))
            if rel not in keep:
                os.remove(os.path.join(root, f))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
