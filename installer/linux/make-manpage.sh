#!/usr/bin/env bash
# Writes the ferry-cli(1) man page from the program's own help, so the page never disagrees with
# the binary: make-manpage.sh path/to/ferry-cli OUT.1
set -euo pipefail
cli="$1"
out="$2"

# Escape text for roff: backslashes, hyphens, and lines starting with a control character.
roff() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\([.']\)/\\\\\&\1/"; }

version="$("$cli" --version | awk '{print $NF}')"
# The date of the sources, not of the build, so that the page is reproducible.
date="${SOURCE_DATE_EPOCH:+$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)}"
date="${date:-$(date -u +%Y-%m-%d)}"
help="$("$cli" --help)"
summary="$(printf '%s\n' "$help" | head -n 1)"
commands="$(printf '%s\n' "$help" | awk '/^Subcommands:/{on=1;next} on && NF {print $1}')"

tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
{
    echo ".TH FERRY\\-CLI 1 \"$date\" \"Ferry $version\" \"User Commands\""
    echo ".SH NAME"
    echo "ferry\\-cli \\- plan and run migrations of workloads between data centres and clouds"
    echo ".SH SYNOPSIS"
    echo ".B ferry\\-cli"
    echo "[\\fB\\-\\-json\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]"
    echo ".br"
    echo ".B ferry\\-cli"
    echo "\\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR"
    echo ".SH DESCRIPTION"
    printf '%s\n' "$summary" | roff
    echo ".PP"
    echo "ferry\\-cli is the headless side of Ferry: it reads and writes project files (JSON or"
    echo "SQLite .ferry files), validates them, plans migration waves, prices and simulates the plan, and copies"
    echo "and verifies data with Ferry's engine. The desktop application is"
    echo ".BR ferry ."
    echo ".SH OPTIONS"
    echo ".nf"
    printf '%s\n' "$help" | awk '/^Options:/{on=1;next} /^Subcommands:/{on=0} on' | roff
    echo ".fi"
    echo ".SH COMMANDS"
    for command in $commands; do
        echo ".SS ferry\\-cli $(printf '%s' "$command" | roff)"
        echo ".nf"
        "$cli" "$command" --help | grep -v "^Run 'ferry-cli COMMAND --help'" | roff
        echo ".fi"
    done
    echo ".SH EXIT STATUS"
    echo ".TP"
    echo ".B 0"
    echo "Success."
    echo ".TP"
    echo ".B 1"
    echo "The project has findings with errors, the plan is infeasible, or an operation failed."
    echo ".TP"
    echo ".B 2"
    echo "Bad usage or an unreadable input file; the message names the file and what to do."
    echo ".SH ENVIRONMENT"
    echo ".TP"
    echo ".B AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE"
    echo "Credentials for s3:// endpoints (otherwise the profiles in ~/.aws/credentials). Credentials"
    echo "are never read from a project file and never written to a log or a journal."
    echo ".TP"
    echo ".B FERRY_PRICING_DIR"
    echo "A folder of pricing catalog files (aws.json, azure.json, ...) to use instead of the"
    echo "installed catalog."
    echo ".SH FILES"
    echo ".TP"
    echo ".I /usr/share/ferry/pricing/"
    echo "The pricing catalog, one JSON file per provider, each price with its source and date."
    echo ".TP"
    echo ".I /usr/share/ferry/demo/retail\\-demo.json"
    echo "The demo project."
    echo ".SH EXAMPLES"
    echo ".nf"
    cat <<'EXAMPLES' | roff
ferry-cli new estate.ferry --name "Retail estate"
ferry-cli import-inventory vms.csv --preset rvtools -o estate.ferry --into estate.ferry
ferry-cli validate estate.ferry
ferry-cli plan estate.ferry
ferry-cli cost estate.ferry --json
ferry-cli copy /data/share s3://bucket/share?region=eu-west-1 --parallel 8
EXAMPLES
    echo ".fi"
    echo ".SH SEE ALSO"
    echo ".BR ferry (1)"
} >"$tmp"
mv "$tmp" "$out"
