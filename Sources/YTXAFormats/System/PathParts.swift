/// A path's folder and last component, split at its last `/`, byte by byte.
///
/// Foundation's `NSString.deletingLastPathComponent` traps on Linux for a one-character
/// relative path (`--out o`); every path from the user goes through this instead.
package enum PathParts {
  /// The folder (`.` for a bare name, `/` for a name at the root) and the last component of
  /// `path`, trailing slashes ignored.
  package static func split(_ path: String) -> (folder: String, name: String) {
    var trimmed = Substring(path)
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return (".", String(trimmed)) }
    let folder = trimmed[..<slash]
    let name = trimmed[trimmed.index(after: slash)...]
    return (folder.isEmpty ? "/" : String(folder), String(name))
  }
}
