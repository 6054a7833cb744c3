# docs/cli/aiwatt-COMMAND.md and `aiwatt help COMMAND` name the same options:
# every option the help lists is documented, and every option in the page's
# synopsis is one the program takes. (The man pages are built from these
# pages, so this keeps them true too.)
# Global options (aiwatt --help) count as known on every page; a page that
# refers to "the options of `aiwatt estimate`" documents those there.
# usage: test_docs_options.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"
DOCS=$(dirname "$0")/../../docs/cli

# The long options in a text, one per line, sorted and unique.
options() {
    grep -oE -- '--[a-z][a-z0-9-]*' | sed 's/-*$//' | sort -u
}

# Global options may appear on any page.
"$AIWATT" --help | options >"$TMP/global.opts"
pages=0
for page in "$DOCS"/aiwatt-*.md; do
    cmd=$(basename "$page" .md | sed 's/^aiwatt-//')
    "$AIWATT" help "$cmd" >"$TMP/help" 2>"$TMP/err" || { fail "aiwatt help $cmd: $(cat "$TMP/err")"; continue; }
    pages=$((pages + 1))
    options <"$TMP/help" | comm -23 - "$TMP/global.opts" >"$TMP/help.opts"
    sort -u "$TMP/help.opts" "$TMP/global.opts" >"$TMP/known.opts"
    # A page that sends the reader to estimate's request options documents
    # them there.
    if tr '\n' ' ' <"$page" | grep -qE 'options (are those )?of +`aiwatt estimate`'; then
        cat "$page" "$DOCS/aiwatt-estimate.md" | options >"$TMP/page.opts"
    else
        options <"$page" >"$TMP/page.opts"
    fi
    # The synopsis: the page's first code block.
    awk '/^```/ { n++; next } n == 1' "$page" | options >"$TMP/synopsis.opts"
    missing=$(comm -23 "$TMP/help.opts" "$TMP/page.opts" | tr '\n' ' ')
    [ -z "$missing" ] || fail "$cmd: in --help but not in docs/cli/aiwatt-$cmd.md: $missing"
    unknown=$(comm -23 "$TMP/synopsis.opts" "$TMP/known.opts" | tr '\n' ' ')
    [ -z "$unknown" ] || fail "$cmd: in the synopsis of docs/cli/aiwatt-$cmd.md but not in --help: $unknown"
done
[ $pages -ge 14 ] || fail "want a page per command, found $pages"
finish
