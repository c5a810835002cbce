#!/bin/sh
# dpkg installs /usr/bin/peregrine-corpus-tool (unpacked beside it, then
# renamed into place), then purges the package.
set -eu
tmp=$(mktemp -d)
pkg=peregrine-corpus-tool
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
mkdir -p "$tmp/root/usr/bin"
printf '#!/bin/sh\necho peregrine corpus\n' >"$tmp/root/usr/bin/$pkg"
chmod 0755 "$tmp/root/usr/bin/$pkg"
build_deb "$tmp/root" $pkg
dpkg -i "$tmp/$pkg.deb" >/dev/null
dpkg -P $pkg >/dev/null
