#!/bin/sh
# Every English message of the report has a Korean translation: the
# template is extracted from the sources listed in po/POTFILES, then msgcmp
# fails on any message missing, untranslated or fuzzy in po/ko.po, and
# msgfmt --check fails on a translation whose printf conversions do not
# match the English.
# usage: check-catalog.sh SOURCE_DIR WORK_DIR
set -eu
src=$1
work=$2
mkdir -p "$work"
files=$(grep -v '^#' "$src/po/POTFILES" | sed "s|^|$src/|")
# shellcheck disable=SC2086
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=aw__tr:2 \
    --package-name=aiwatt --msgid-bugs-address=- -o "$work/aiwatt.pot" $files
n=$(grep -c '^msgid ' "$work/aiwatt.pot")
# The header is one msgid; a real report has dozens of messages.
if [ "$n" -lt 60 ]; then
    echo "only $n messages extracted: is po/POTFILES right?" >&2
    exit 1
fi
for po in "$src"/po/*.po; do
    msgcmp "$po" "$work/aiwatt.pot"
    stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1)
    echo "$(basename "$po"): $stats"
    case $stats in
    *fuzzy* | *untranslated*)
        echo "$po: fuzzy or untranslated messages" >&2
        exit 1
        ;;
    esac
done
