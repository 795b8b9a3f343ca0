#!/usr/bin/env bash
# The Sphinx part of make lint: builds the .rst files the series adds or
# changes as one small Sphinx project, with the kernel's own extensions
# (kernel-doc directives included) and the C-domain settings of the
# kernel's Documentation/conf.py, and fails on any warning.  A full
# 'make htmldocs' takes far longer on this machine and reports the whole
# tree's warnings; this checks what the series wrote.
. "$(dirname "$0")/lib.sh"

command -v sphinx-build >/dev/null || die "sphinx-build is not installed (python3-sphinx)"
cd "$SRC"
rep=${1:-$BUILD/lint}/sphinx
rm -rf "$rep"
mkdir -p "$rep/src"
files=$(git diff --name-only --diff-filter=AM "$BASE_TAG..HEAD" -- 'Documentation/*.rst' |
	grep -v '/index.rst$' || true)
[ -n "$files" ] || { info "sphinx: no .rst files touched"; exit 0; }
for f in $files; do
	mkdir -p "$rep/src/$(dirname "${f#Documentation/}")"
	cp "$f" "$rep/src/${f#Documentation/}"
done
{
	echo "Series documents"
	echo "================"
	echo
	echo ".. toctree::"
	echo
	for f in $files; do
		g=${f#Documentation/}
		echo "   ${g%.rst}"
	done
} >"$rep/src/index.rst"
cat >"$rep/src/conf.py" <<PY
import os, sys
SRC = "$SRC"
DOC = os.path.join(SRC, "Documentation")
sys.path.insert(0, os.path.join(DOC, "sphinx"))
# The kernel's C-domain settings (attributes such as __must_check).
_ns = {"__file__": os.path.join(DOC, "conf.py")}
_cwd = os.getcwd()
os.chdir(DOC)
exec(open(os.path.join(DOC, "conf.py")).read(), _ns)
os.chdir(_cwd)
for _k in ("c_id_attributes", "c_paren_attributes", "primary_domain", "highlight_language"):
    if _k in _ns:
        globals()[_k] = _ns[_k]
extensions = ["kerneldoc", "rstFlatTable", "kernel_include", "kfigure",
              "sphinx.ext.ifconfig", "automarkup", "sphinx.ext.autosectionlabel"]
autosectionlabel_prefix_document = True
kerneldoc_bin = os.path.join(SRC, "scripts/kernel-doc")
kerneldoc_srctree = SRC
master_doc = "index"
project = "coop series"
html_theme = "alabaster"
PY
sphinx-build -q -b html -d "$rep/doctrees" "$rep/src" "$rep/html" >"$rep/sphinx.log" 2>&1 || true
# Cross-references into documents outside this subset cannot resolve here.
grep -E 'WARNING|ERROR' "$rep/sphinx.log" | grep -vE 'undefined label|unknown document|toctree contains reference to nonexisting|dot\(1\) not found' >"$rep/warnings" || true
if [ -s "$rep/warnings" ]; then
	sed "s|$rep/src/||" "$rep/warnings"
	exit 1
fi
info "sphinx: $(echo "$files" | wc -w) documents, no warnings ($(grep -cE 'undefined label|unknown document|nonexisting' "$rep/sphinx.log" || true) references outside the subset not checked)"
