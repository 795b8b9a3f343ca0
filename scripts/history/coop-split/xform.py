#!/usr/bin/env python3
"""Split kernel/sched/coop.c into coop.c (the class), coop_domain.c (the
domain object and its API), coop_debug.c (hold watchdog, declared atomic
sections, debugfs, /proc lines) and coop_internal.h (what they share).

transform(files) takes {path: text} for kernel/sched/coop.c,
kernel/sched/build_policy.c and MAINTAINERS and returns the new texts
({path: text}, None for a file that is not there)."""
import re, sys, os, textwrap
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from items import merged_items, item_name, strip_cs, defined_funcs

# The functions (and their objects) that leave coop.c; the rest stays.
DOMAIN = set('''coop_domain_free_rcu coop_domain_create coop_domain_get coop_domain_put
coop_domain_destroy coop_domain_name coop_domain_get_stats coop_owns_domain coop_current_domain
coop_setscheduler_prepare coop_join coop_leave sched_coop_free sched_coop_free_signal
sched_coop_attach coop_kthread_create coop_kthread_wait_stop coop_yield coop_enter_abort
coop_signal_wake coop_enter_restore coop_enter coop_domain_enter coop_domain_enter_interruptible
coop_domain_enter_killable coop_domain_exit coop_setscheduler_done'''.split())
DEBUG = set('''coop_hold_warn_ms coop_held_ns coop_hold_timer coop_hold_period coop_hold_watch
coop_check_hold coop_hold_timer_fn coop_hold_timer_init coop_fault_rescue_fn coop_fault_rescue
coop_fault_dropped_kick coop_atomic_begin coop_atomic_end coop_block_site coop_atomic_check_handoff
coop_might_sleep coop_proc_sched_show coop_domains_show coop_fault_show coop_fault_open
coop_fault_write coop_fault_fops coop_debugfs_init'''.split())
# Shared state: the file that defines it.
VAR_OWNER = {
    'coop_domains': 'dom', 'coop_domains_lock': 'dom', 'coop_attach_mutex': 'dom',
    'coop_domain_key': 'dom',
}
FILES = {'c': 'kernel/sched/coop.c', 'dom': 'kernel/sched/coop_domain.c',
         'dbg': 'kernel/sched/coop_debug.c', 'h': 'kernel/sched/coop_internal.h'}
ORDER = ['c', 'dom', 'dbg']

HEAD = {
 'dom': """// SPDX-License-Identifier: GPL-2.0
/*
 * SCHED_COOP: the domain object and its API: creating, referencing and
 * destroying a domain, and the ways in which a task joins and leaves one.
 * How ownership passes between the members is the class's business: see
 * coop.c.
 */
#include "coop_internal.h"
""",
}
def dbg_head(names):
    parts = []
    if 'coop_hold_timer_fn' in names or 'coop_check_hold' in names:
        parts.append('the hold watchdog (which also kicks owners left waiting for a CPU)')
    if 'coop_atomic_begin' in names:
        parts.append('the check of sections declared atomic against the domain')
    if 'coop_fault_show' in names or 'coop_fault_rescue_fn' in names:
        parts.append('the fault knob')
    if 'coop_proc_sched_show' in names:
        parts.append('the SCHED_COOP lines of /proc/PID/sched')
    if 'coop_debugfs_init' in names:
        parts.append('the debugfs files')
    if len(parts) > 1:
        lst = ', '.join(parts[:-1]) + ' and ' + parts[-1]
    else:
        lst = parts[0]
    body = 'SCHED_COOP: watching the class at run time: ' + lst + '.'
    return ('// SPDX-License-Identifier: GPL-2.0\n/*\n' +
            '\n'.join(' * ' + l for l in textwrap.wrap(body, 72)) +
            '\n */\n#include "coop_internal.h"\n')

H_HEAD = """/* SPDX-License-Identifier: GPL-2.0 */
/*
%s
 */
#ifndef _KERNEL_SCHED_COOP_INTERNAL_H
#define _KERNEL_SCHED_COOP_INTERNAL_H

"""

def code_only(lines):
    return strip_cs('\n'.join(lines))

def is_prototype_item(lines):
    c = code_only(lines)
    c = '\n'.join(l for l in c.split('\n') if not l.strip().startswith('#'))
    c = c.strip()
    if not c or '{' in c or '=' in c:
        return False
    stmts = [s.strip() for s in c.split(';') if s.strip()]
    return all('(' in s and s.endswith(')') and
               not re.match(r'(static\s+)?(DEFINE_|DECLARE_|LIST_HEAD)', s)
               for s in stmts)

def split_branches(lines):
    """For an item that is a top-level #if block: (if_lines, else_lines,
    open_line, close_line) or None."""
    idx = [i for i, l in enumerate(lines) if re.match(r'\s*#\s*(if|ifdef|ifndef|else|elif|endif)\b', l)]
    if not idx: return None
    depth = 0; op = els = end = None
    for i in idx:
        l = lines[i].strip()
        if re.match(r'#\s*if', l):
            if depth == 0: op = i
            depth += 1
        elif re.match(r'#\s*(else|elif)', l) and depth == 1:
            if re.match(r'#\s*elif', l): return None
            els = i
        elif re.match(r'#\s*endif', l):
            depth -= 1
            if depth == 0: end = i
    if op is None or end is None: return None
    return op, els, end

def col(s):
    c = 0
    for ch in s:
        c = (c // 8 + 1) * 8 if ch == '\t' else c + 1
    return c

def indent_to(c):
    return '\t' * (c // 8) + ' ' * (c % 8)

def realign(blk, name):
    """After a definition lost its 'static ', align its continuation lines
    with the open parenthesis again."""
    lines = blk.split('\n')
    for i, l in enumerate(lines):
        if re.match(r'^[^\s#].*\b%s\s*\(' % name, l) and not l.rstrip().endswith(';'):
            depth = l.count('(') - l.count(')')
            target = col(l[:l.index('(', l.index(name)) + 1])
            j = i + 1
            while depth > 0 and j < len(lines):
                lines[j] = indent_to(target) + lines[j].lstrip()
                depth += lines[j].count('(') - lines[j].count(')')
                j += 1
            break
    return '\n'.join(lines)

def realign_proto(p):
    lines = p.split('\n')
    if len(lines) > 1:
        target = col(lines[0][:lines[0].index('(') + 1])
        lines = [lines[0]] + [indent_to(target) + x.lstrip() for x in lines[1:]]
    return '\n'.join(lines)

ALT = {('Ownership', 'dbg'): 'The hold watchdog'}
RULE = '/* ' + '-' * 66 + ' */'

def marker_at(lines):
    for k in range(len(lines) - 1):
        if lines[k].strip() == RULE:
            return k
    return None

def marker(title):
    return [RULE, '/* %-68s*/' % title]

TEXT_FIXES = [
    # the rescue kick, now in coop_debug.c, goes through coop_kick_cpu()
    ('\t\tirq_work_queue_on(per_cpu_ptr(&coop_kick_work, cpu), cpu);\n\tcpus_read_unlock();',
     '\t\tcoop_kick_cpu(cpu);\n\tcpus_read_unlock();'),
    ('(see the top of\n * this file)', '(see the top of\n * coop.c)'),
    ('@next once it runs.  Pairs with the smp_load_acquire() in\n\t * pick_task_coop(), after which @next runs on that CPU.\n',
     '@next once it runs.  Pairs with the smp_load_acquire() in\n\t * coop_pick_owner().\n'),
]

def transform_coop(text):
    for a, b in TEXT_FIXES:
        if 'coop_kick_cpu(cpu)' in b and 'static void coop_kick_cpu(int cpu)\n{' not in text:
            continue	# before coop_kick_cpu(): the per-CPU work is shared
        text = text.replace(a, b)
    merged = merged_items(text)
    # The file's leading comment belongs to the first include item.
    out = {k: [] for k in ('h', 'c', 'dom', 'dbg')}
    includes = []
    lead = []
    seen_init = False
    seq = []
    for nm, l in merged:
        if nm in ('init_coop_rq', 'init_sched_coop_entity'):
            seen_init = True
        if not seen_init:
            if nm and nm.startswith('#<'):
                # keep the file's leading comment in coop.c
                body = [x for x in l if not x.strip().startswith('#include')]
                incs = [x for x in l if x.strip().startswith('#include')]
                lead.extend(body); includes.extend(incs)
                continue
            if is_prototype_item(l):
                out.setdefault('protos', []).append((nm, l))
                continue
            if nm in VAR_OWNER:
                out['pre_' + VAR_OWNER[nm]] = out.get('pre_' + VAR_OWNER[nm], []) + [(nm, l)]
                continue
            if nm in ('coop_kick_work', '#COOP_SLICE_NS'):
                out['pre_c'] = out.get('pre_c', []) + [(nm, l)]
                continue
            out['h'].append((nm, l))
            continue
        d = 'dom' if nm in DOMAIN else 'dbg' if nm in DEBUG else 'c'
        seq.append([d, nm, l])
    # Section markers follow the bulk of their section.
    sec = []
    for i, (d, nm, l) in enumerate(seq):
        if marker_at(l) is not None:
            sec.append([i])
        elif sec:
            sec[-1].append(i)
    for idxs in sec:
        dests = [seq[i][0] for i in idxs]
        major = max(set(dests), key=lambda x: sum(len(seq[i][2]) for i in idxs if seq[i][0] == x))
        first = idxs[0]
        if seq[first][0] != major:
            k = marker_at(seq[first][2])
            mk = seq[first][2][k:k + 2]
            title = re.match(r'/\* (.*?)\s*\*/', mk[1]).group(1)
            rest = seq[first][2][:k] + seq[first][2][k + 3 if k + 2 < len(seq[first][2]) and not seq[first][2][k + 2].strip() else k + 2:]
            alt = ALT.get((title, seq[first][0]))
            seq[first][2] = (marker(alt) + [''] if alt else []) + rest
            tgt = next(i for i in idxs if seq[i][0] == major)
            seq[tgt][2] = [''] + mk + [''] + [x for x in seq[tgt][2]]
    if {nm for d, nm, l in seq if d == 'dom'} <= {'sched_coop_free'}:
        for it in seq:
            if it[0] == 'dom':
                it[0] = 'c'
    for it in seq:
        if it[1] == 'coop_proc_sched_show' and marker_at(it[2]) is None:
            it[2] = [''] + marker('/proc/PID/sched') + [''] + [x for x in it[2] if x.strip() or True]
    for d, nm, l in seq:
        out[d].append((nm, l))
    return out, lead, includes

def main_text(out, lead, includes):
    files = {}
    # --- the fault block: move the names and the active fault to debug
    hdr_items = []
    dbg_pre = []
    for nm, l in out['h']:
        txt = '\n'.join(l)
        if 'coop_fault_active' in txt and 'coop_fault_names' in txt:
            m = re.search(r'\nstatic const char \* const coop_fault_names\[[^\]]*\] = \{.*?\n\};\n', txt, re.S)
            m2 = re.search(r'\nstatic enum coop_fault coop_fault_active;\n', txt)
            assert m and m2, 'fault block'
            names = m.group(0); act = m2.group(0)
            txt = txt.replace(names, '\n').replace(act, '\nextern enum coop_fault coop_fault_active;\n')
            txt = txt.replace('#ifdef CONFIG_DEBUG_SCHED_COOP\n\n', '#ifdef CONFIG_DEBUG_SCHED_COOP\n')
            txt = re.sub(r'\n\n\n+', '\n\n', txt)
            dbg_pre.append(('coop_fault_names', ['#ifdef CONFIG_DEBUG_SCHED_COOP'] + names.strip('\n').split('\n') + ['', 'enum coop_fault coop_fault_active;', '#endif', '']))
            hdr_items.append((nm, txt.split('\n')))
        else:
            hdr_items.append((nm, l))
    # --- shared variables
    externs = []
    pre_items = {}
    for d in ORDER:
        for nm, l in out.get('pre_' + d, []):
            txt = '\n'.join(l)
            users = [o for o in ORDER if o != d and re.search(r'\b%s\b' % nm, code_only(sum((x for _, x in out[o]), [])))]
            if users or d != 'c':
                # make it shared unless only its owner uses it
                if users:
                    t2, n = re.subn(r'^static (DEFINE_RAW_SPINLOCK|DEFINE_MUTEX|LIST_HEAD)\((\w+)\)', r'\1(\2)', txt, flags=re.M)
                    kind = {'DEFINE_RAW_SPINLOCK': 'raw_spinlock_t', 'DEFINE_MUTEX': 'struct mutex', 'LIST_HEAD': 'struct list_head'}
                    t3, n3 = re.subn(r'^static DEFINE_PER_CPU\(([^,]+),\s*(\w+)\)', r'DEFINE_PER_CPU(\1, \2)', txt, flags=re.M)
                    if n:
                        mm = re.search(r'^(DEFINE_RAW_SPINLOCK|DEFINE_MUTEX|LIST_HEAD)\((\w+)\)', t2, re.M)
                        externs.append(f'extern {kind[mm.group(1)]} {mm.group(2)};')
                        txt = t2
                    elif n3:
                        mm = re.search(r'^DEFINE_PER_CPU\(([^,]+),\s*(\w+)\)', t3, re.M)
                        externs.append(f'DECLARE_PER_CPU({mm.group(1)}, {mm.group(2)});')
                        txt = t3
                    else:
                        raise SystemExit(f'shared variable {nm} not handled: {txt}')
            pre_items.setdefault(d, []).append((nm, txt.split('\n')))
    for d, items in pre_items.items():
        out[d] = items + out[d]
    for p in dbg_pre[::-1]:
        out['dbg'].insert(0, p)
    # --- functions used across files
    texts = {o: code_only(sum((x for _, x in out[o]), [])) for o in ORDER}
    protos = {o: [] for o in ORDER}
    hdr_inline = []
    for o in ORDER:
        new = []
        for nm, l in out[o]:
            blk = '\n'.join(l)
            move_to_h = False
            br = split_branches(l) if l and any(re.match(r'\s*#\s*if', x) for x in l[:3] + [x for x in l if x.startswith('#if')]) else None
            for name, sig in defined_funcs(blk):
                users = [u for u in ORDER if u != o and re.search(r'\b%s\b' % name, texts[u])]
                if not users:
                    continue
                if re.search(r'\bstatic\s+inline\b', sig) and not br:
                    move_to_h = True
                    continue
                if re.search(r'\bstatic\s+inline\b', sig):
                    continue   # an #else stub: handled with its branch
                proto = re.sub(r'^static\s+', '', sig.strip())
                proto = re.sub(r'\s*\{$', ';', proto)
                # de-static the definition
                pat = re.compile(r'^static\s+(?!inline\b)((?:[^\n;{}()]*?\b)?%s\s*\()' % name, re.M)
                blk, n = pat.subn(r'\1', blk)
                assert n == 1, (name, n)
                blk = realign(blk, name)
                cond = None; stub = None
                if br:
                    op, els, end = br
                    lines = blk.split('\n')
                    cond = lines[op]
                    if els is not None:
                        elsepart = '\n'.join(lines[els + 1:end])
                        ms = re.search(r'(static inline [^;{]*?\b%s\s*\([^{]*\{[^}]*\}\n?)' % name, elsepart, re.S)
                        if ms:
                            stub = ms.group(1).rstrip('\n')
                            elsepart = elsepart.replace(ms.group(1), '')
                            if not strip_cs(elsepart).strip():
                                lines = lines[:els] + lines[end:]
                            else:
                                lines = lines[:els + 1] + elsepart.split('\n') + lines[end:]
                            blk = '\n'.join(lines)
                protos[o].append((cond, realign_proto(proto), stub))
            if move_to_h:
                hdr_inline.append((nm, blk.split('\n')))
            else:
                new.append((nm, blk.split('\n')))
        out[o] = new
    # --- the preamble's forward declarations go with their definitions,
    # unless the header now declares the function
    shared = set()
    for o in ORDER:
        for cond, proto, stub in protos[o]:
            shared.add(re.search(r'(\w+)\s*\(', proto).group(1))
    fwd = {o: [] for o in ORDER}
    for nm, l in out.get('protos', []):
        names = re.findall(r'(\w+)\s*\(', code_only(l))
        if any(n in shared for n in names):
            continue
        home = None
        for o in ORDER:
            if any(n in {x for it in out[o] for x, _ in defined_funcs('\n'.join(it[1]))} for n in names):
                home = o
        assert home, names
        fwd[home].append(l)
    for o in ORDER:
        if fwd[o]:
            out[o] = [('fwd', sum(fwd[o], []) + [''])] + out[o]
    # --- write
    has_dbg = any(strip_cs('\n'.join(l)).strip() for _, l in out['dbg'])
    sent = ('SCHED_COOP: what kernel/sched/coop.c (the class)' +
            (', coop_domain.c (the domain object and its API) and coop_debug.c (run-time checks and statistics)' if has_dbg
             else ' and coop_domain.c (the domain object and its API)') +
            ' share.  They are built as one unit, from build_policy.c.')
    sent = sent.replace('.  ', '.\x00')
    wrapped = '\n'.join(' * ' + l.replace('\x00', '  ') for l in textwrap.wrap(sent, 72))
    wrapped = wrapped.replace('.  \n', '.\n')
    h = [H_HEAD % wrapped] + [x + '\n' for x in includes] + ['\n#include "sched.h"\n\n']
    for nm, l in hdr_items:
        h.append('\n'.join(l).strip('\n') + '\n\n')
    for nm, l in hdr_inline:
        h.append('\n'.join(l).strip('\n') + '\n\n')
    if externs:
        h.append('\n'.join(externs) + '\n\n')
    for o in ORDER:
        if not protos[o]:
            continue
        h.append(f'/* {os.path.basename(FILES[o])} */\n')
        for cond, proto, stub in protos[o]:
            if not cond:
                h.append(proto + '\n')
        conds = []
        for cond, proto, stub in protos[o]:
            if cond and cond not in conds:
                conds.append(cond)
        for cond in conds:
            grp = [(p, st) for c, p, st in protos[o] if c == cond]
            h.append(cond + '\n' + ''.join(p + '\n' for p, _ in grp))
            stubs = [st for _, st in grp if st]
            if stubs:
                h.append('#else\n' + ''.join(st + '\n' for st in stubs))
            h.append('#endif\n')
        h.append('\n')
    h.append('#endif /* _KERNEL_SCHED_COOP_INTERNAL_H */\n')
    if hdr_items or hdr_inline or externs or any(protos.values()):
        files[FILES['h']] = re.sub(r'\n\n\n+', '\n\n', ''.join(h))
        c = '\n'.join(lead).rstrip('\n') + '\n#include "coop_internal.h"\n\n'
    else:
        files[FILES['h']] = None
        c = '\n'.join(lead).rstrip('\n') + '\n' + ''.join(x + '\n' for x in includes) + '\n'
    c += '\n'.join('\n'.join(l) for _, l in out['c'])
    files[FILES['c']] = re.sub(r'\n\n\n+', '\n\n', c.rstrip('\n') + '\n')
    for o in ('dom', 'dbg'):
        body = '\n'.join('\n'.join(l) for _, l in out[o]).strip('\n')
        if body.strip():
            head = HEAD[o] if o == 'dom' else dbg_head({nm for nm, _ in out[o]})
            files[FILES[o]] = re.sub(r'\n\n\n+', '\n\n', head + '\n' + body + '\n')
        else:
            files[FILES[o]] = None
    return files

def transform(files):
    res = {}
    coop = files.get(FILES['c'])
    if coop is None:
        return res
    out, lead, includes = transform_coop(coop)
    res.update(main_text(out, lead, includes))
    bp = files['kernel/sched/build_policy.c']
    add = ''.join(f'# include "{os.path.basename(FILES[o])}"\n' for o in ('dom', 'dbg') if res.get(FILES[o]))
    bp2 = bp.replace('# include "coop.c"\n', '# include "coop.c"\n' + add)
    assert bp2 != bp or not add
    res['kernel/sched/build_policy.c'] = bp2
    m = files.get('MAINTAINERS')
    if m and 'F:\tkernel/sched/coop.c\n' in m:
        res['MAINTAINERS'] = m.replace('F:\tkernel/sched/coop.c\n', ''.join(
            'F:\tkernel/sched/%s\n' % f for f in ('coop.c', 'coop_debug.c', 'coop_domain.c', 'coop_internal.h')))
    return res

if __name__ == '__main__':
    tree = sys.argv[1]
    paths = [FILES['c'], 'kernel/sched/build_policy.c', 'MAINTAINERS']
    files = {p: open(os.path.join(tree, p)).read() for p in paths if os.path.exists(os.path.join(tree, p))}
    res = transform(files)
    outdir = sys.argv[2] if len(sys.argv) > 2 else tree
    for p, t in res.items():
        fp = os.path.join(outdir, p)
        os.makedirs(os.path.dirname(fp), exist_ok=True)
        if t is None:
            if os.path.exists(fp): os.remove(fp)
        else:
            open(fp, 'w').write(t)
        print(p, 'removed' if t is None else len(t.split('\n')))
