#!/usr/bin/env python3
# Fill a cover letter written by 'git format-patch --cover-letter' in place,
# as 'b4 prep' would: subject and body from a text file (first line: the
# subject; then the body), an optional closing paragraph, and change-id:
# right after base-commit:.  prerequisite-patch-id: lines are dropped: a
# posting names the postings it depends on in words instead.
# Used by export.sh (the whole series) and mbox.sh (each posting).
import sys

path, text, change_id = sys.argv[1:4]
extra = sys.argv[4] if len(sys.argv) > 4 else ''
subject, body = open(text).read().split('\n', 1)
body = body.strip('\n')
if extra:
    body += '\n\n' + extra
cl = open(path).read()
cl = cl.replace('*** SUBJECT HERE ***', subject)
cl = cl.replace('*** BLURB HERE ***', body)
lines = [l for l in cl.rstrip('\n').split('\n')
         if not l.startswith('prerequisite-patch-id: ')]
for i, l in enumerate(lines):
    if l.startswith('base-commit: '):
        lines.insert(i + 1, 'change-id: ' + change_id)
        break
else:
    sys.exit('cover letter has no base-commit: line')
open(path, 'w').write('\n'.join(lines) + '\n')
