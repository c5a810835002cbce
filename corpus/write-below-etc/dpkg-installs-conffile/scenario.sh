#!/bin/sh
# dpkg installs a package shipping /etc/peregrine-corpus/test.conf, then
# purges it: a package manager writing below /etc is normal.
set -eu
tmp=$(mktemp -d)
pkg=peregrine-corpus-conffile
trap 'dpkg -P $pkg >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
build_deb() { # build_deb DIR PACKAGE: a package of DIR's files
	mkdir -p "$1/DEBIAN"
	cat >"$1/DEBIAN/control" <<EOF
Package: $2
Version: 1.0
Architecture: all
Maintainer: Peregrine corpus <corpus@localhost>
Description: Peregrine corpus scenario package, installed and purged at once
EOF
	dpkg-deb --root-owner-group --build "$1" "$tmp/$2.deb" >/dev/null
}
mkdir -p "$tmp/root/etc/peregrine-corpus"
echo "setting=1" >"$tmp/root/etc/peregrine-corpus/test.conf"
mkdir -p "$tmp/root/DEBIAN"
echo /etc/peregrine-corpus/test.conf >"$tmp/root/DEBIAN/conffiles"
build_deb "$tmp/root" $pkg
dpkg -i "$tmp/$pkg.deb" >/dev/null
dpkg -P $pkg >/dev/null
