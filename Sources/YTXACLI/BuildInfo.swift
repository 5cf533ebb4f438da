import Foundation

/// What `ytxa --version` says of the build it is: the version, and the commit it was built from.
///
/// `Scripts/make-release.sh` builds from an exported copy of one commit and writes that commit
/// into ``releaseCommit`` there, so an archive's binary names its commit exactly. A build from a
/// checkout (`swift build`, `swift run`) leaves it `nil` and says so: it names the commit its
/// source tree is at when asked, which need not be what was compiled.
enum BuildInfo {
  /// The version; also recorded as `engineVersion` in a batch's `manifest.json`.
  static let version = "0.1.0"

  /// The commit of a release build (set by `Scripts/make-release.sh`; do not edit by hand).
  static let releaseCommit: String? = nil

  /// The line `ytxa --version` prints.
  static func versionLine(sourceFile: String = #filePath) -> String {
    if let releaseCommit { return "ytxa \(version) (commit \(releaseCommit))" }
    // Sources/YTXACLI/BuildInfo.swift → the package root.
    let root = URL(fileURLWithPath: sourceFile).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().path
    guard let commit = checkoutCommit(root) else {
      return "ytxa \(version) (development build; commit unknown)"
    }
    return "ytxa \(version) (development build from \(root), checked out at commit \(commit))"
  }

  /// The commit the git checkout at `root` is at (its `HEAD`, followed through one symbolic
  /// reference, loose or packed), or `nil`.
  static func checkoutCommit(_ root: String) -> String? {
    func read(_ path: String) -> String? {
      guard let data = FileManager.default.contents(atPath: path), data.count < 1 << 20 else {
        return nil
      }
      return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    func isCommit(_ text: String) -> Bool {
      text.utf8.count == 40
        && text.utf8.allSatisfy {
          (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
        }
    }
    let git = root + "/.git"
    guard let head = read(git + "/HEAD") else { return nil }
    guard head.hasPrefix("ref: ") else { return isCommit(head) ? head : nil }
    let reference = String(head.dropFirst(5))
    guard !reference.contains("..") else { return nil }
    if let loose = read(git + "/" + reference), isCommit(loose) { return loose }
    for line in (read(git + "/packed-refs") ?? "").split(separator: "\n") {
      let parts = line.split(separator: " ")
      if parts.count == 2, parts[1] == reference, isCommit(String(parts[0])) {
        return String(parts[0])
      }
    }
    return nil
  }
}
