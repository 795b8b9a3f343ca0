#!/usr/bin/env python3
"""Rewrite the series table of README.md from 'series', 'postings' and the
patches' Subject lines.  The first row of each posting keeps the bold cell
it had (its description), matched by posting name."""
import re
import sys

top = sys.argv[1] if len(sys.argv) > 1 else '.'
readme = open(f'{top}/README.md').read()
series = [l.strip() for l in open(f'{top}/series') if l.strip()]
posts = []
for l in open(f'{top}/postings'):
    if l.startswith('#') or not l.strip():
        continue
    f = l.split()
    posts.append((f[0], int(f[1])))
subjects = []
for p in series:
    hdr = open(f'{top}/patches/{p}').read().split('\n\n', 1)[0]
    m = re.search(r'^Subject: (.*(?:\n[ \t].*)*)', hdr, re.M)
    s = re.sub(r'\s*\n\s+', ' ', m.group(1))
    subjects.append(re.sub(r'^\[PATCH[^\]]*\] ', '', s))
lines = readme.split('\n')
start = lines.index('| # | patch | posting |')
end = start + 2
while end < len(lines) and lines[end].startswith('| '):
    end += 1
bold = {}
for l in lines[start + 2:end]:
    m = re.search(r'\| (\*\*([a-z0-9-]+)\*\*.*) \|$', l)
    if m:
        bold[m.group(2)] = m.group(1)
rows = []
i = 0
for name, n in posts:
    for k in range(n):
        cell = bold.get(name, f'**{name}**') if k == 0 else name
        rows.append(f'| {i + 1} | {subjects[i]} | {cell} |')
        i += 1
assert i == len(series), (i, len(series))
lines[start + 2:end] = rows
open(f'{top}/README.md', 'w').write('\n'.join(lines))
