#!/usr/bin/env python3
"""Split kernel/sched/coop.c into coop.c (class), coop_domain.c (domain
object and API), coop_debug.c (fault knobs, declared-atomic checks, hold
watchdog, debugfs, /proc lines) and coop_internal.h (shared types and
state, cross-file prototypes).  Usage: split.py TREE"""
import re, sys, os
sys.path.insert(0, os.path.dirname(__file__))
from items import items as parse_items

DOMAIN = set('''coop_domain_free_rcu coop_domain_create coop_domain_get coop_domain_put
coop_domain_destroy coop_domain_name coop_domain_get_stats coop_owns_domain coop_current_domain
coop_setscheduler_prepare coop_join coop_leave sched_coop_free sched_coop_free_signal
sched_coop_attach coop_kthread_create coop_kthread_wait_stop coop_yield coop_enter_abort
coop_signal_wake coop_enter_restore coop_enter coop_domain_enter coop_domain_enter_interruptible
coop_domain_enter_killable coop_domain_exit coop_attach_prepare coop_attach'''.split())
DEBUG = set('''coop_hold_warn_ms coop_held_ns coop_hold_timer coop_hold_period coop_hold_watch
coop_check_hold coop_hold_timer_fn coop_hold_timer_init coop_fault_rescue_fn coop_fault_rescue
coop_fault_dropped_kick coop_atomic_begin coop_atomic_end coop_block_site coop_atomic_check_handoff
coop_might_sleep coop_proc_sched_show coop_domains_show coop_fault_show coop_fault_open
coop_fault_write coop_fault_fops coop_debugfs_init'''.split())

def fixname(name, text):
    # functions returning struct pointers: take the identifier before '('
    body = '\n'.join(l for l in text if not l.strip().startswith(('/*', '*', '//')))
    return name

def item_name(lines):
    """Re-derive a better name: first identifier followed by '(' on the first
    code line (function), else the parser's name."""
    incomment = False
    for l in lines:
        s = l.strip()
        if incomment:
            if '*/' in s: incomment = False
            continue
        if s.startswith('/*'):
            if '*/' not in s: incomment = True
            continue
        if not s or s.startswith('//'): continue
        if s.startswith('#'):
            if re.match(r'#\s*if', s): continue
            if re.match(r'#\s*(define|include)', s): return None
            continue
        m = re.match(r'(?:static\s+)?(?:DEFINE_\w+|DECLARE_\w+|LIST_HEAD|early_initcall|late_initcall|EXPORT_SYMBOL\w*)\s*\(\s*(?:struct\s+\w+\s*,\s*)?(\w+)', s)
        if m: return m.group(1)
        if '(' in s and not re.match(r'(?:static\s+)?(?:const\s+)?(?:struct|enum)\s+\w+\s*\w*\s*(?:=|;|\{|\[)', s):
            m = re.search(r'(\w+)\s*\(', s)
            return m.group(1)
        m = re.match(r'(?:static\s+)?(?:const\s+)?(?:struct|enum)\s+(\w+)\s*(\{|;)?\s*$', s)
        if m and (m.group(2) == '{' or s.endswith('{') or m.group(2) is None) and not re.search(r'\w+\s+\w+\s*;', s):
            return m.group(1)
        m = re.search(r'(\w+)\s*(?:\[[^]]*\])?\s*(?:=|;)', s)
        if m: return m.group(1)
        return s
    return None

def main(tree):
    path = os.path.join(tree, 'kernel/sched/coop.c')
    text = open(path).read()
    its = parse_items(text)
    # attach EXPORT_SYMBOL / initcall lines to the previous item
    merged = []
    for n, l in its:
        nm = item_name(l)
        first = next((x.strip() for x in l if x.strip()), '')
        if merged and re.match(r'(EXPORT_SYMBOL\w*|early_initcall|late_initcall|core_initcall|DEFINE_SHOW_ATTRIBUTE)\s*\(', first):
            merged[-1][1].extend(l)
            continue
        if nm is None and n and n.startswith('#'):
            nm = n
        merged.append([nm, list(l)])
    # preamble: everything before init_coop_rq
    dest = {}
    seen_init = False
    out = {'h': [], 'c': [], 'dom': [], 'dbg': []}
    for nm, l in merged:
        if nm == 'init_coop_rq':
            seen_init = True
        if not seen_init:
            if nm and nm.startswith('#<'):
                d = 'c'
            elif nm in ('coop_kick_work',):
                d = 'c'
            else:
                d = 'h'
        elif nm in DOMAIN:
            d = 'dom'
        elif nm in DEBUG:
            d = 'dbg'
        else:
            d = 'c'
        out[d].append((nm, l))
    return out

if __name__ == '__main__':
    out = main(sys.argv[1])
    for k, v in out.items():
        print('==', k, sum(len(l) for _, l in v))
        for nm, l in v:
            print('   %4d %s' % (len(l), nm))

def strip_cs(text):
    """Comments and string literals blanked (kept length-neutral-ish)."""
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'//[^\n]*', ' ', text)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    return text

FUNC_DEF = re.compile(r'^(static\s+)?((?:inline\s+|__always_inline\s+|noinline\s+)*)([^\n;=]*?\b)(\w+)\s*\(', re.M)

def defined_funcs(block):
    """Names of functions defined (with a body) in an item, with the
    signature text up to the closing ')'."""
    res = []
    code = strip_cs(block)
    for m in re.finditer(r'^(?!\s)(?!#)([^\n;{}]*?)\b(\w+)\s*\(([^;{}]*?)\)\s*\{', code, re.M | re.S):
        pre = m.group(1)
        name = m.group(2)
        if name in ('if', 'for', 'while', 'switch', 'sizeof') or re.search(r'[=]', pre):
            continue
        if re.match(r'\s*(DEFINE_|DECLARE_)', pre + name):
            continue
        res.append((name, m.group(0)))
    return res

def transform(text, maint=None):
    pass
