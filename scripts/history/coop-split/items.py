#!/usr/bin/env python3
"""Split a C file into top-level items: each item is (name, text), where
text includes the comments and blank lines that precede it.  A top-level
#if ... #endif block is one item (named after its first definition)."""
import re, sys

def items(text):
    lines = text.split('\n')
    out = []          # list of [name, [lines]]
    cur = []
    depth = 0         # brace depth
    ppdepth = 0       # top-level #if depth
    in_comment = False
    name = None
    def flush():
        nonlocal cur, name
        if cur:
            out.append([name, cur])
        cur = []
        name = None
    for ln in lines:
        cur.append(ln)
        s = ln
        # track comments and braces crudely
        i = 0
        code = ''
        while i < len(s):
            if in_comment:
                j = s.find('*/', i)
                if j < 0:
                    i = len(s)
                else:
                    in_comment = False
                    i = j + 2
                continue
            if s.startswith('/*', i):
                in_comment = True
                i += 2
                continue
            if s.startswith('//', i):
                break
            if s[i] in '"\'':
                q = s[i]; i += 1
                while i < len(s) and s[i] != q:
                    i += 2 if s[i] == '\\' else 1
                i += 1
                continue
            code += s[i]
            i += 1
        if depth == 0 and not in_comment:
            st = code.strip()
            if re.match(r'#\s*if', st):
                ppdepth += 1
            elif re.match(r'#\s*endif', st):
                ppdepth -= 1
                if ppdepth == 0 and depth == 0:
                    flush(); continue
            if name is None and st and not st.startswith('#') :
                m = re.search(r'(\w+)\s*\(', st)
                m2 = re.match(r'(?:static\s+)?(?:DEFINE_\w+|DECLARE_\w+|LIST_HEAD)\s*\(\s*(?:struct\s+\w+\s*,\s*)?(\w+)', st)
                m3 = re.search(r'(\w+)\s*(?:\[[^]]*\])?\s*(?:=|;|\{|$)', st)
                if m2: name = m2.group(1)
                elif st.startswith('struct') or st.startswith('enum'):
                    mm = re.match(r'(?:struct|enum)\s+(\w+)', st); name = mm.group(1) if mm else st
                elif m: name = m.group(1)
                elif m3: name = m3.group(1)
            elif name is None and st.startswith('#'):
                mm = re.match(r'#\s*(?:define|include)\s+(\S+)', st)
                if mm and ppdepth == 0: name = '#' + mm.group(1)
        depth += code.count('{') - code.count('}')
        if depth == 0 and ppdepth == 0 and not in_comment and name is not None:
            st = code.strip()
            if st.endswith(';') or st.endswith('}') or st.startswith('#') :
                flush()
    flush()
    return out

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

def strip_cs(text):
    """Comments and string literals blanked (kept length-neutral-ish)."""
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'//[^\n]*', ' ', text)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    return text

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

def merged_items(text):
    """items() with each item named by item_name(), and the
    EXPORT_SYMBOL, initcall and DEFINE_SHOW_ATTRIBUTE lines that follow a
    definition attached to it."""
    merged = []
    for n, l in items(text):
        nm = item_name(l)
        first = next((x.strip() for x in l if x.strip()), '')
        if merged and re.match(r'(EXPORT_SYMBOL\w*|early_initcall|late_initcall|core_initcall|DEFINE_SHOW_ATTRIBUTE)\s*\(', first):
            merged[-1][1].extend(l)
            continue
        if nm is None and n and n.startswith('#'):
            nm = n
        merged.append([nm, list(l)])
    return merged


if __name__ == '__main__':
    for n, l in items(open(sys.argv[1]).read()):
        print(f'{len(l):4d} {n}')
