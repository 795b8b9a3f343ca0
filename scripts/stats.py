#!/usr/bin/env python3
"""make stats: how the converted drivers compare with stock, counted on
what the kernel compiles.

For each converted driver (AHCI: ahci.c, libahci.c, ahci.h; e1000: every
.c and .h of its directory; KUnit files left out), the files of the base
(the tag coop-base) and of the series (the tip of the kernel tree) are
reduced to the code the build's .config compiles: preprocessor
conditionals are resolved with the config's symbols and the object-like
macros the files themselves define (AHCI_ENGINE, say), so a stock path
kept under #ifndef beside a converted one counts only where it is built.
A condition that cannot be decided keeps both branches and is reported.
Comments and blank lines are then dropped, and the rest is counted:

  lines           code lines
  lock types      driver-owned locks declared (spinlock_t, struct mutex, ...)
  lock sites      calls that take a lock (spin_lock*, mutex_lock*, down*, ...)
  unlock sites    calls that release one
  irqsave sites   *_irqsave calls
  bit ops         atomic bit operations (set_bit, test_and_set_bit, ...)
  work items      INIT_WORK, INIT_DELAYED_WORK, timer_setup, hrtimer_setup
  sleep polls     loops whose body sleeps (msleep, usleep_range, ...), and
                  read_poll_timeout-style macros
  state switches  switch statements on a variable named *state*

usage: stats.py KERNEL_TREE CONFIG [--markdown]
"""
import re
import subprocess
import sys

DRIVERS = [
    ('ahci', ['drivers/ata/ahci.h', 'drivers/ata/ahci.c', 'drivers/ata/libahci.c']),
    ('e1000', 'drivers/net/ethernet/intel/e1000/'),
]

LOCK_TYPES = r'\b(?:spinlock_t|raw_spinlock_t|rwlock_t|struct\s+mutex|struct\s+rw_semaphore|struct\s+semaphore|seqlock_t)\s+\w+\s*[;\[]|\bDEFINE_(?:RAW_)?SPINLOCK\s*\(|\bDEFINE_MUTEX\s*\(|\bDEFINE_RWLOCK\s*\(|\bDEFINE_SEMAPHORE\s*\('
# guard()/scoped_guard() on a lock class count as lock sites too (they
# take the lock; the release is implicit and counts as no unlock site).
LOCK = r'\b(?:scoped_)?guard\s*\(\s*(?:raw_)?(?:spinlock|read_lock|write_lock|mutex)\w*\s*\)|\b(?:raw_)?(?:spin|read|write)_(?:lock|trylock)(?:_irqsave|_irq|_bh|_nested)?\s*\(|\bmutex_(?:lock|trylock)(?:_interruptible|_killable|_nested)?\s*\(|\b(?:down|down_interruptible|down_killable|down_trylock|down_read|down_write|down_read_trylock|down_write_trylock)\s*\('
UNLOCK = r'\b(?:raw_)?(?:spin|read|write)_unlock(?:_irqrestore|_irq|_bh)?\s*\(|\bmutex_unlock\s*\(|\b(?:up|up_read|up_write)\s*\('
IRQSAVE = r'_irqsave\s*\(|\bguard\s*\(\s*\w*_irqsave\s*\)'
BITOPS = r'\b(?:set_bit|clear_bit|change_bit|test_and_set_bit|test_and_clear_bit|test_and_change_bit|test_bit|clear_bit_unlock|test_and_set_bit_lock|__set_bit|__clear_bit)\s*\('
WORK = r'\b(?:INIT_WORK|INIT_DELAYED_WORK|INIT_DEFERRABLE_WORK|timer_setup|hrtimer_setup|hrtimer_init|tasklet_setup|tasklet_init)\s*\('
SLEEP = r'\b(?:msleep|msleep_interruptible|usleep_range|ssleep|fsleep|ata_msleep|schedule_timeout\w*|schedule)\s*\('
POLL_MACRO = r'\b(?:read\w*_poll_timeout|readx_poll_timeout|poll_timeout_us)\s*\('
SWITCH_STATE = r'\bswitch\s*\([^)]*state\w*\s*\)'


def git_show(tree, rev, path):
    r = subprocess.run(['git', '-C', tree, 'show', f'{rev}:{path}'],
                       capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else None


def git_ls(tree, rev, path):
    r = subprocess.run(['git', '-C', tree, 'ls-tree', '--name-only', rev, path],
                       capture_output=True, text=True, check=True)
    return [p for p in r.stdout.split() if re.search(r'\.[ch]$', p) and 'kunit' not in p]


def read_config(path):
    syms = {}
    for line in open(path):
        m = re.match(r'(CONFIG_\w+)=(.*)', line)
        if m:
            syms[m.group(1)] = m.group(2)
    return syms


def strip_comments(text):
    # Keep newlines so that line structure survives; strings are left
    # alone apart from not starting comments inside them.
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append('\n' * text.count('\n', i, j))
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
        else:
            out.append(c)
            i += 1
    return ''.join(out)


class Undecided(Exception):
    pass


def evaluate(expr, config, defines):
    def enabled(sym):
        return config.get(sym) in ('y', 'm')

    def repl_defined(m):
        s = m.group(1)
        if s.startswith('CONFIG_'):
            return '1' if s in config else '0'
        # Not defined by the config or by these files: an include guard,
        # or an architecture macro that x86 does not define.
        return '1' if defines.get(s) else '0'

    e = re.sub(r'\bdefined\s*\(\s*(\w+)\s*\)', repl_defined, expr)
    e = re.sub(r'\bdefined\s+(\w+)', repl_defined, e)
    e = re.sub(r'\b(?:IS_ENABLED|IS_REACHABLE)\s*\(\s*(CONFIG_\w+)\s*\)',
               lambda m: '1' if enabled(m.group(1)) else '0', e)
    e = re.sub(r'\bIS_BUILTIN\s*\(\s*(CONFIG_\w+)\s*\)',
               lambda m: '1' if config.get(m.group(1)) == 'y' else '0', e)
    e = re.sub(r'\bIS_MODULE\s*\(\s*(CONFIG_\w+)\s*\)',
               lambda m: '1' if config.get(m.group(1)) == 'm' else '0', e)

    def repl_ident(m):
        s = m.group(0)
        if s.startswith('CONFIG_'):
            v = config.get(s)
            if v is None:
                return '0'
            return '1' if v in ('y', 'm') else v
        if s in defines and defines[s] is not None:
            return '1'
        raise Undecided(s)

    e = re.sub(r'\b[A-Za-z_]\w*\b', repl_ident, e)
    e = e.replace('&&', ' and ').replace('||', ' or ')
    e = re.sub(r'!(?!=)', ' not ', e)
    e = re.sub(r'(\d+)[UuLl]+\b', r'\1', e)
    try:
        return bool(eval(e, {'__builtins__': {}}))
    except Exception as ex:
        raise Undecided(expr) from ex


def compiled(text, config, defines, undecided):
    """The lines of @text that the build compiles; updates @defines."""
    def decide(expr):
        """(value, undecided): an undecided condition counts as true."""
        try:
            return evaluate(expr, config, defines), False
        except Undecided:
            undecided.add(expr)
            return True, True

    out = []
    # stack entries: [parent_active, this_branch_active, any_taken, undecided]
    stack = []
    active = True
    lines = text.split('\n')
    i = 0
    while i < len(lines):
        line = lines[i]
        while line.endswith('\\') and i + 1 < len(lines):
            i += 1
            line = line[:-1] + ' ' + lines[i]
        i += 1
        m = re.match(r'\s*#\s*(\w+)\s*(.*)', line)
        d = m.group(1) if m else None
        arg = m.group(2).strip() if m else ''
        if d in ('if', 'ifdef', 'ifndef'):
            if d == 'ifdef':
                expr = f'defined({arg.split()[0]})'
            elif d == 'ifndef':
                expr = f'!defined({arg.split()[0]})'
            else:
                expr = arg
            v, und = decide(expr)
            stack.append([active, v, v, und])
            active = active and v
            if und:
                out.append(line)
            continue
        if d in ('elif', 'else'):
            top = stack[-1]
            # An undecided chain keeps every branch, directives included.
            if top[3]:
                out.append(line)
                active = top[0]
                continue
            if top[2]:
                v = False
            elif d == 'else':
                v = True
            else:
                v, top[3] = decide(arg)
            top[1] = v
            top[2] = top[2] or v
            active = top[0] and v
            continue
        if d == 'endif':
            top = stack.pop()
            active = top[0]
            if top[3]:
                out.append(line)
            continue
        if not active:
            continue
        if d == 'define':
            mm = re.match(r'(\w+)(\(?)', arg)
            if mm and not mm.group(2):
                defines[mm.group(1)] = True
        elif d == 'undef':
            defines[arg.split()[0]] = None
        out.append(line)
    return out


def count_sleep_polls(code):
    """Loops whose body sleeps, and poll-timeout macros."""
    n = len(re.findall(POLL_MACRO, code))
    for m in re.finditer(r'\b(?:while|for)\s*\(|\bdo\s*\{', code):
        start = m.end()
        if m.group(0).startswith('do'):
            body_start = code.index('{', m.start())
        else:
            # skip the loop header
            depth, j = 1, start
            while j < len(code) and depth:
                depth += {'(': 1, ')': -1}.get(code[j], 0)
                j += 1
            rest = code[j:].lstrip()
            if rest.startswith(';'):
                # the while of a do-while, or an empty loop
                continue
            body_start = j + (len(code[j:]) - len(rest))
            if not rest.startswith('{'):
                end = code.find(';', body_start)
                if re.search(SLEEP, code[body_start:end + 1]):
                    n += 1
                continue
        depth, j = 0, body_start
        while j < len(code):
            if code[j] == '{':
                depth += 1
            elif code[j] == '}':
                depth -= 1
                if not depth:
                    break
            j += 1
        if re.search(SLEEP, code[body_start:j]):
            n += 1
    return n


def measure(files, config):
    defines = {}
    undecided = set()
    code_lines = []
    # headers first: their macros decide the .c files' conditionals
    for path, text in sorted(files, key=lambda f: not f[0].endswith('.h')):
        for line in compiled(strip_comments(text), config, defines, undecided):
            if line.strip():
                code_lines.append(line)
    code = '\n'.join(l for l in code_lines if not re.match(r'\s*#', l))
    return {
        'lines': len(code_lines),
        'lock types': len(re.findall(LOCK_TYPES, code)),
        'lock sites': len(re.findall(LOCK, code)),
        'unlock sites': len(re.findall(UNLOCK, code)),
        'irqsave sites': len(re.findall(IRQSAVE, code)),
        'bit ops': len(re.findall(BITOPS, code)),
        'work items': len(re.findall(WORK, code)),
        'sleep polls': count_sleep_polls(code),
        'state switches': len(re.findall(SWITCH_STATE, code)),
    }, undecided


def files_of(tree, rev, spec):
    paths = spec if isinstance(spec, list) else git_ls(tree, rev, spec)
    out = []
    for p in paths:
        t = git_show(tree, rev, p)
        if t is not None:
            out.append((p, t))
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    tree, cfg = sys.argv[1], sys.argv[2]
    markdown = '--markdown' in sys.argv
    config = read_config(cfg)
    rows = []
    notes = []
    for name, spec in DRIVERS:
        base, bu = measure(files_of(tree, 'coop-base', spec), config)
        conv, cu = measure(files_of(tree, 'HEAD', spec), config)
        rows.append((name, base, conv))
        for u in sorted(bu | cu):
            notes.append(f'{name}: undecided condition kept both ways: {u}')
    metrics = list(rows[0][1].keys())
    if markdown:
        print('| driver | metric | stock | converted | change |')
        print('|---|---|---:|---:|---:|')
    for name, base, conv in rows:
        for k in metrics:
            b, c = base[k], conv[k]
            ch = f'{(c - b) * 100 / b:+.0f}%' if b else ('0' if not c else f'+{c}')
            if markdown:
                print(f'| {name} | {k} | {b} | {c} | {ch} |')
            else:
                print(f'{name:6} {k:15} {b:6} {c:6} {ch:>6}')
    for n in notes:
        print(('' if markdown else '# ') + n)


if __name__ == '__main__':
    main()
