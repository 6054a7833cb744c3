#!/bin/sh
# Installs the build into a temporary prefix and uses it as a user would.
# Usage: test_install.sh BUILD_DIR SOURCE_DIR WORK_DIR
# Env: CC, PYTHON3, AW_ASAN_PRELOAD (the ASan runtime, under sanitizers).
set -eu
build=$1
src=$2
work=$3
prefix=$work/prefix
CC=${CC:-cc}
PYTHON3=${PYTHON3:-python3}
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
check_file() {
    [ -f "$1" ] || fail "not installed: ${1#"$prefix"/}"
}
# Runs a program that loads the installed libaiwatt.so (see CMakeLists.txt).
with_lib() {
    if [ -n "${AW_ASAN_PRELOAD:-}" ]; then
        LD_PRELOAD=$AW_ASAN_PRELOAD LD_LIBRARY_PATH=$prefix/lib "$@"
    else
        LD_LIBRARY_PATH=$prefix/lib "$@"
    fi
}
# The value of a dotted key of the JSON on stdin ("wh.facility").
json_get() {
    "$PYTHON3" -c 'import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v[k]
print(v)' "$1"
}

rm -rf "$work"
mkdir -p "$work"

# ---- make install: the tree -------------------------------------------------
cmake --install "$build" --prefix "$prefix" >"$work/install.log"
DESTDIR=$work/stage cmake --install "$build" --prefix /opt/aiwatt >/dev/null
[ -x "$work/stage/opt/aiwatt/bin/aiwatt" ] || fail "DESTDIR is not honoured"

check_file "$prefix/bin/aiwatt"
check_file "$prefix/lib/libaiwatt.a"
check_file "$prefix/lib/libaiwatt.so.0"
[ -L "$prefix/lib/libaiwatt.so" ] || fail "lib/libaiwatt.so is not the development link"
check_file "$prefix/include/aiwatt.h"
check_file "$prefix/include/aiwatt/version.h"
check_file "$prefix/include/aiwatt/status.h"
check_file "$prefix/lib/pkgconfig/aiwatt.pc"
check_file "$prefix/share/man/man1/aiwatt.1"
check_file "$prefix/share/man/man3/libaiwatt.3"
check_file "$prefix/share/bash-completion/completions/aiwatt"
check_file "$prefix/lib/python3/dist-packages/aiwatt/__init__.py"
[ ! -e "$prefix/include/aiwatt/json.h" ] || fail "the internal json.h is installed"

# One man page per command of `aiwatt --help`.
commands=$("$prefix/bin/aiwatt" --help |
    awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
[ -n "$commands" ] || fail "no command in aiwatt --help"
for c in $commands; do
    check_file "$prefix/share/man/man1/aiwatt-$c.1"
done

# ---- the shared library: SONAME, exports -----------------------------------
readelf -d "$prefix/lib/libaiwatt.so.0" | grep -q 'SONAME.*\[libaiwatt\.so\.0\]' ||
    fail "SONAME is not libaiwatt.so.0"
nm -D --defined-only "$prefix/lib/libaiwatt.so.0" | awk '{ print $3 }' | sort >"$work/exported"
grep -v '^aw_' "$work/exported" >"$work/stray" && fail "exported beyond aw_*: $(tr '\n' ' ' <"$work/stray")"
grep '^aw__' "$work/exported" >"$work/stray" && fail "internal aw__ exported: $(tr '\n' ' ' <"$work/stray")"
# Every function of the public headers is declared AW_API (the only ones
# exported), and exported; nothing else is.
hdrs="$prefix/include/aiwatt.h $prefix/include/aiwatt/*.h"
# shellcheck disable=SC2086
grep -nE '^[A-Za-z_][^(#]*[ *]aw_[a-z0-9_]+\(' $hdrs | grep -vE ':[0-9]+:(AW_API|typedef) ' \
    >"$work/unmarked" &&
    fail "public functions without AW_API (mark them, include/aiwatt/status.h, so libaiwatt.so exports them; JSON views with json_t go to lib/frontend/aiwatt/json.h): $(cat "$work/unmarked")"
# shellcheck disable=SC2086
grep -hE '^AW_API ' $hdrs | sed -E 's/\(.*//; s/.*[ *]//' | sort >"$work/declared"
diff "$work/declared" "$work/exported" >"$work/exports.diff" ||
    fail "declared (<) and exported (>) functions differ: $(cat "$work/exports.diff")"

# ---- the public headers stand alone -----------------------------------------
# shellcheck disable=SC2086
grep -nE 'jansson|json_t|gsl_|\(issue [0-9]+' $hdrs >"$work/leaks" &&
    fail "third-party types or issue notes in public headers: $(cat "$work/leaks")"
printf '#include <aiwatt.h>\nint main(void) { return AIWATT_VERSION_NUMBER > 0 ? 0 : 1; }\n' >"$work/alone.c"
"$CC" -std=c99 -pedantic -Wall -Wextra -Werror -I"$prefix/include" -c "$work/alone.c" \
    -o "$work/alone.o" || fail "aiwatt.h does not compile on its own as C99"

# ---- pkg-config and examples/hello.c ------------------------------------------
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
[ "$(pkg-config --modversion aiwatt)" = "$("$prefix/bin/aiwatt" --version | awk '{ print $2 }')" ] ||
    fail "pkg-config and aiwatt --version disagree"
pkg-config --print-requires-private aiwatt | grep -q jansson || fail "no jansson in Requires.private"
pkg-config --print-requires-private aiwatt | grep -q gsl || fail "no gsl in Requires.private"
# shellcheck disable=SC2046
"$CC" -o "$work/hello" "$src/examples/hello.c" $(pkg-config --cflags --libs aiwatt) ||
    fail "hello.c does not build with pkg-config"
expected=$("$prefix/bin/aiwatt" estimate --model llama-3.1-8b --hardware h100 \
    --output-tokens 300 --format json | json_get wh.facility)
got=$(with_lib "$work/hello" llama-3.1-8b h100 300 | sed -E 's/.*: ([^ ]+) Wh at the facility.*/\1/')
[ "$got" = "$expected" ] || fail "hello.c printed '$got' Wh, the CLI $expected"
if with_lib "$work/hello" no-such-model 2>"$work/hello.err"; then
    fail "hello.c accepted an unknown model"
fi
grep -q "hint: 'aiwatt catalog list models'" "$work/hello.err" || fail "hello.c: no hint on error"
# Static: libaiwatt.a with the private libraries pkg-config --static names.
# (The archive is built with the sanitizers under AIWATT_SANITIZE, so the
# program is linked with them too.)
san=""
[ -n "${AW_ASAN_PRELOAD:-}" ] && san="-fsanitize=address,undefined"
# shellcheck disable=SC2046,SC2086
"$CC" $san -o "$work/hello-static" "$src/examples/hello.c" $(pkg-config --cflags aiwatt) \
    -L"$prefix/lib" -Wl,-Bstatic -laiwatt -Wl,-Bdynamic \
    $(pkg-config --static --libs aiwatt | sed 's/-laiwatt//') ||
    fail "hello.c does not link statically"
readelf -d "$work/hello-static" | grep -q libaiwatt && fail "the static hello needs libaiwatt.so"
got=$("$work/hello-static" | sed -E 's/.*: ([^ ]+) Wh at the facility.*/\1/')
[ "$got" = "$expected" ] || fail "static hello.c printed '$got' Wh, the CLI $expected"

# ---- man pages ----------------------------------------------------------------
for page in "$prefix"/share/man/man1/*.1 "$prefix"/share/man/man3/*.3; do
    MANWIDTH=80 man -l "$page" >"$work/page.txt" 2>"$work/page.err" || fail "man -l $page failed"
    grep -q '^NAME' "$work/page.txt" || fail "$page: no NAME section"
done
MANWIDTH=80 man -l "$prefix/share/man/man1/aiwatt-estimate.1" 2>/dev/null >"$work/estimate.txt"
grep -q 'aiwatt-estimate - energy' "$work/estimate.txt" || fail "aiwatt-estimate.1: NAME"
grep -q -- '--output-tokens N' "$work/estimate.txt" || fail "aiwatt-estimate.1: SYNOPSIS"
grep -q 'JSON (stable)' "$work/estimate.txt" || fail "aiwatt-estimate.1: the JSON section"
MANWIDTH=80 man -l "$prefix/share/man/man3/libaiwatt.3" 2>/dev/null >"$work/lib3.txt"
grep -q 'AW_E_AMBIGUOUS *11' "$work/lib3.txt" || fail "libaiwatt.3: the status table"
grep -q 'aw_estimate_request(cat' "$work/lib3.txt" || fail "libaiwatt.3: the example"
MANWIDTH=80 man -l "$prefix/share/man/man1/aiwatt.1" 2>/dev/null >"$work/aiwatt1.txt"
for c in $commands; do
    grep -q "aiwatt-$c(1)" "$work/aiwatt1.txt" || fail "aiwatt.1 does not list $c"
done

# ---- bash completion ------------------------------------------------------------
# complete LINE: what the installed completion offers for LINE (cursor at end).
complete_line() {
    PATH="$prefix/bin:$PATH" bash -c '
        . /usr/share/bash-completion/bash_completion
        . "$1"
        COMP_LINE=$2
        read -ra COMP_WORDS <<<"$2"
        case $2 in *" ") COMP_WORDS+=("") ;; esac
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        COMP_POINT=${#COMP_LINE}
        _aiwatt aiwatt "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"' sh \
        "$prefix/share/bash-completion/completions/aiwatt" "$1"
}
[ "$(complete_line 'aiwatt est')" = estimate ] || fail "completion: commands"
complete_line 'aiwatt ' | grep -qx whatif || fail "completion: every command"
complete_line 'aiwatt estimate --output-t' | grep -qx -- --output-tokens ||
    fail "completion: options"
complete_line 'aiwatt estimate --model llama-3.1-8' | grep -qx llama-3.1-8b ||
    fail "completion: model ids"
complete_line 'aiwatt estimate --hardware h100-s' | grep -qx h100-sxm ||
    fail "completion: hardware ids"
complete_line 'aiwatt catalog list gr' | grep -qx grids || fail "completion: catalog sections"
complete_line 'aiwatt --format j' | grep -qx json || fail "completion: --format"

# ---- the Python package, installed ----------------------------------------------
# The acceptance command: the CLI's figure, through PYTHONPATH and LD_LIBRARY_PATH.
# (ASAN_OPTIONS: python3 does not free everything at exit; see CMakeLists.txt.)
py_env() {
    PYTHONPATH=$prefix/lib/python3/dist-packages PYTHONDONTWRITEBYTECODE=1 \
        ASAN_OPTIONS=detect_leaks=0 with_lib "$@"
}
got=$(py_env "$PYTHON3" -c 'import aiwatt; print(aiwatt.estimate(model="llama-3.1-8b", hardware="h100", output_tokens=300)["wh"]["facility"])') ||
    fail "the installed Python package failed"
[ "$got" = "$expected" ] || fail "python printed '$got' Wh, the CLI $expected"
# Without LD_LIBRARY_PATH it finds the library next to itself (PREFIX/lib).
got=$(PYTHONPATH=$prefix/lib/python3/dist-packages PYTHONDONTWRITEBYTECODE=1 \
    ASAN_OPTIONS=detect_leaks=0 LD_PRELOAD=${AW_ASAN_PRELOAD:-} \
    "$PYTHON3" -c 'import aiwatt._native as n; print(n.lib._name)') || fail "python: no library"
[ "$got" = "$prefix/lib/libaiwatt.so.0" ] || fail "python loaded '$got', not the installed library"

if [ "$failures" -ne 0 ]; then
    echo "$failures install checks failed (tree: $prefix)" >&2
    exit 1
fi
echo "install: all checks passed ($prefix)"
