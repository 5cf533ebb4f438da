#!/usr/bin/env bash
# Builds the install archive of ytxa: ytxa-VERSION-linux-ARCH.tar.gz, holding
#   bin/ytxa                 a release binary, the Swift runtime and Foundation linked in
#   share/ytxa/Criteria/     the bundled criteria sets, roadmaps, plans and unit registry
#   share/doc/ytxa/          README.md and Documentation/ (the guides)
# built from one commit (HEAD, exported with git archive, so nothing uncommitted gets in), whose
# hash `ytxa --version` then prints.
#
# Usage: Scripts/make-release.sh [OUTPUT-FOLDER]      (default: the current folder)
# Install for all users of a server (as root), then check:
#   tar -xzf ytxa-VERSION-linux-ARCH.tar.gz -C /usr/local --strip-components=1 && ytxa --version
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-.}" && cd "${1:-.}" && pwd)
cd "$root"

if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "make-release: the checkout has uncommitted changes; the archive is built from HEAD" \
    "($(git rev-parse --short HEAD)) without them" >&2
fi
commit=$(git rev-parse HEAD)
version=$(sed -n 's/^  static let version = "\(.*\)"$/\1/p' Sources/YTXACLI/BuildInfo.swift)
[ -n "$version" ] || { echo "make-release: no version in Sources/YTXACLI/BuildInfo.swift" >&2; exit 2; }
arch=$(uname -m)
name="ytxa-$version-linux-$arch"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/src"
git archive --format=tar HEAD | tar -x -C "$work/src"
# The commit goes into the exported copy only, never into the checkout.
sed -i "s/^  static let releaseCommit: String? = nil$/  static let releaseCommit: String? = \"$commit\"/" \
  "$work/src/Sources/YTXACLI/BuildInfo.swift"
grep -q "releaseCommit: String? = \"$commit\"" "$work/src/Sources/YTXACLI/BuildInfo.swift"

echo "make-release: building $name from $commit"
swift build --package-path "$work/src" -c release --product ytxa --static-swift-stdlib \
  -Xswiftc -warnings-as-errors
binary=$(swift build --package-path "$work/src" -c release --show-bin-path)/ytxa

stage="$work/stage/$name"
mkdir -p "$stage/bin" "$stage/share/ytxa" "$stage/share/doc/ytxa"
install -m 0755 "$binary" "$stage/bin/ytxa"
strip "$stage/bin/ytxa" 2>/dev/null || true
cp -R "$work/src/Criteria" "$stage/share/ytxa/Criteria"
cp "$work/src/README.md" "$stage/share/doc/ytxa/"
cp -R "$work/src/Documentation" "$stage/share/doc/ytxa/Documentation"
find "$stage" -type d -exec chmod 0755 {} +
find "$stage" -type f ! -path "*/bin/*" -exec chmod 0644 {} +

# The same commit gives the same bytes: names sorted, times set to the commit's, owner root.
stamp=$(git log -1 --format=%ct "$commit")
tar --sort=name --mtime="@$stamp" --owner=0 --group=0 --numeric-owner \
  -C "$work/stage" -cf - "$name" | gzip -n -9 > "$out/$name.tar.gz.tmp"
mv "$out/$name.tar.gz.tmp" "$out/$name.tar.gz"
echo "$out/$name.tar.gz"
