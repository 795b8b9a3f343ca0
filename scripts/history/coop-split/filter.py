#!/usr/bin/env python3
"""git filter-branch --index-filter driver for xform.transform()."""
import subprocess, sys, os
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
from xform import transform, FILES

def git(*a, inp=None):
    return subprocess.run(['git'] + list(a), input=inp, capture_output=True, check=False)

files = {}
for p in [FILES['c'], 'kernel/sched/build_policy.c', 'MAINTAINERS']:
    r = git('show', ':' + p)
    if r.returncode == 0:
        files[p] = r.stdout.decode()
res = transform(files)
for p, t in res.items():
    if t is None:
        git('update-index', '--force-remove', p)
        continue
    if files.get(p) == t:
        continue
    sha = git('hash-object', '-w', '--stdin', inp=t.encode()).stdout.decode().strip()
    r = git('update-index', '--add', '--cacheinfo', f'100644,{sha},{p}')
    if r.returncode:
        sys.exit(r.stderr.decode())
