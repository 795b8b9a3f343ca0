#!/usr/bin/env python3
"""Count results in KTAP documents (KUnit, kselftest and the guest's tests).

Usage: ktap.py FILE...   Prints one line per file and a '# Totals' line, and
ends with 'N passed, N failed' (skipped tests are counted on the line
before it, as neither).  Under each failed test it repeats the
diagnostic lines ('# ...') that came just before its result, so a log
that keeps only the tail still says why.  Exits 1 if anything failed or a
file holds no result at all.

A test counts once, at its deepest level: a result line whose subtests were
reported above it (a KUnit suite, a parameterised case) is a parent and is not
counted again, but a failing parent with no failing child (a crash after its
cases ran) still counts as a failure.
"""
import re
import sys

MAX_DIAG = 12
RESULT = re.compile(r'^(\s*)(not ok|ok)\s+(\d+)\s*(?:-\s*)?([^#]*?)\s*(?:#\s*(.*))?$')


def count(lines):
    passed = failed = skipped = 0
    failed_names = []
    failed_diag = []
    diag = []
    # depth -> whether results deeper than it were seen since its last result
    deeper_seen = {}
    deeper_failed = {}
    for raw in lines:
        line = raw.rstrip('\n').expandtabs(4)
        m = RESULT.match(line)
        if not m:
            d = line.strip()
            if d.startswith('#') and not d.startswith('# Subtest'):
                diag.append(d.lstrip('# ').rstrip())
            continue
        why, diag = diag[-MAX_DIAG:], []
        indent, status, _num, name, directive = m.groups()
        depth = len(indent)
        directive = (directive or '').strip()
        is_parent = deeper_seen.get(depth, False)
        child_failed = deeper_failed.get(depth, False)
        # Everything deeper is closed now.
        for d in list(deeper_seen):
            if d >= depth:
                deeper_seen[d] = False
                deeper_failed[d] = False
        for d in range(depth):
            deeper_seen[d] = True
            if status == 'not ok':
                deeper_failed[d] = True
        if is_parent:
            if status == 'not ok' and not child_failed and not directive.upper().startswith('SKIP'):
                failed += 1
                failed_names.append(name + ' (parent)')
                failed_diag.append((name, why))
            continue
        if directive.upper().startswith('SKIP'):
            skipped += 1
        elif status == 'ok':
            passed += 1
        else:
            failed += 1
            failed_names.append(name)
            failed_diag.append((name, why))
    return passed, failed, skipped, failed_names, failed_diag


def main(argv):
    tp = tf = ts = 0
    empty = []
    for path in argv[1:]:
        with open(path, errors='replace') as f:
            p, fl, s, names, diags = count(f)
        tp, tf, ts = tp + p, tf + fl, ts + s
        label = path.rsplit('/', 1)[-1]
        print(f'# {label}: pass:{p} fail:{fl} skip:{s}' +
              (f'  failed: {", ".join(names)}' if names else ''))
        for name, why in diags:
            for d in why:
                print(f'#   {name}: {d}')
        if p + fl + s == 0:
            empty.append(label)
    print(f'# Totals: pass:{tp} fail:{tf} skip:{ts}')
    # The last line is always 'N passed, N failed'; skipped tests count
    # as neither and are named on the line before it.
    if ts:
        print(f'# {ts} skipped (not counted as passed)')
    print(f'{tp} passed, {tf} failed')
    return 1 if tf else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
