#!/bin/sh
# Installs the browser-test tools into the build folder: axe-core (the accessibility rules) and
# puppeteer-core (drives Debian's /usr/bin/chromium over the DevTools protocol; it downloads no
# browser). Pinned by major version, so a rerun offline with the tools in place does nothing and
# a new major never arrives unannounced.
#   install_tools.sh PREFIX
set -eu
prefix=$1
axe_major=4
puppeteer_major=24
have() {  # have PACKAGE MAJOR: installed at that major version
    f="$prefix/node_modules/$1/package.json"
    [ -f "$f" ] && node -e "process.exit(require(process.argv[1]).version.split('.')[0] === process.argv[2] ? 0 : 1)" "$f" "$2"
}
command -v node >/dev/null || { echo "install_tools.sh: node is missing (apt-get install nodejs npm)" >&2; exit 1; }
command -v chromium >/dev/null || { echo "install_tools.sh: chromium is missing (apt-get install chromium)" >&2; exit 1; }
if have axe-core $axe_major && have puppeteer-core $puppeteer_major; then
    echo "browser tools in place: $prefix/node_modules"
    exit 0
fi
command -v npm >/dev/null || { echo "install_tools.sh: npm is missing (apt-get install npm)" >&2; exit 1; }
mkdir -p "$prefix"
# A package.json of our own, so npm installs here and never walks up into the source tree.
[ -f "$prefix/package.json" ] || echo '{"name":"followup-browser-tools","private":true}' > "$prefix/package.json"
npm install --no-audit --no-fund --loglevel=error --prefix "$prefix" "axe-core@$axe_major" "puppeteer-core@$puppeteer_major"
have axe-core $axe_major && have puppeteer-core $puppeteer_major
echo "browser tools installed: $prefix/node_modules"
