import Foundation

/// Finds the bundled `Criteria/` folder (criteria sets and `roadmaps/`) wherever the binary is
/// run from, and says exactly where it looked when it cannot.
public struct BundledFiles: Sendable {
  /// Folders that may hold the bundled files, in the order they are tried.
  public let candidates: [String]

  /// This file's path when the binary was built (a `#filePath` default argument would take the
  /// caller's path instead).
  public static let builtFromSourceFile = #filePath

  /// The criteria set used where none is named (a CSV row without `criteria_set`, `template`,
  /// `criteria show`).
  public static let defaultCriteriaSetID = "qd-1300-2023"

  /// The environment variable that names the folder explicitly.
  public static let environmentKey = "YTXA_CRITERIA_DIR"

  /// Builds the search list: `$YTXA_CRITERIA_DIR`; `Criteria/` beside the executable and in every
  /// folder above it (a SwiftPM build inside the repository); `../share/ytxa/Criteria` (an
  /// installed copy); the source tree this binary was built from; the current directory.
  public init(
    executablePath: String? = BundledFiles.currentExecutablePath(),
    environment: [String: String] = ProcessInfo.processInfo.environment,
    currentDirectory: String = FileManager.default.currentDirectoryPath,
    sourceFile: String = BundledFiles.builtFromSourceFile
  ) {
    var list: [String] = []
    if let explicit = environment[Self.environmentKey], !explicit.isEmpty { list.append(explicit) }
    if let executablePath {
      var folder = URL(fileURLWithPath: executablePath).deletingLastPathComponent().standardized
      list.append(folder.appendingPathComponent("../share/ytxa/Criteria").standardized.path)
      while true {
        list.append(folder.appendingPathComponent("Criteria").path)
        let parent = folder.deletingLastPathComponent()
        if parent.path == folder.path { break }
        folder = parent
      }
    }
    // Sources/YTXAKit/Loading/BundledFiles.swift → the package root.
    let sourceRoot = URL(fileURLWithPath: sourceFile).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    list.append(sourceRoot.appendingPathComponent("Criteria").path)
    list.append(URL(fileURLWithPath: currentDirectory).appendingPathComponent("Criteria").path)
    var seen: Set<String> = []
    candidates = list.filter { seen.insert($0).inserted }
  }

  /// The running executable, symlinks resolved.
  public static func currentExecutablePath() -> String? {
    if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      return link
    }
    return Bundle.main.executablePath
  }

  /// The first existing file `relativePath` under a candidate folder, and every place tried.
  public func locate(_ relativePath: String) -> (url: URL?, searched: [String]) {
    var searched: [String] = []
    for folder in candidates {
      let path = URL(fileURLWithPath: folder).appendingPathComponent(relativePath).path
      searched.append(path)
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        return (URL(fileURLWithPath: path), searched)
      }
    }
    return (nil, searched)
  }

  /// Loads the bundled criteria set with this identifier.
  public func criteriaSet(id: String) throws(CriteriaError) -> CriteriaSet {
    guard Self.isSafeName(id) else { throw .notFound(id: id, searched: []) }
    let (url, searched) = locate("\(id).json")
    guard let url else { throw .notFound(id: id, searched: searched) }
    let set = try CriteriaSet(contentsOf: url)
    guard set.id == id else {
      throw .invalid(
        file: url.path,
        problems: [
          FieldProblem(
            path: "id", message: "the file is named \(id).json but its id is \"\(set.id)\"")
        ])
    }
    return set
  }

  /// An identifier that is a plain file name (no path separators, no leading dot).
  static func isSafeName(_ id: String) -> Bool {
    !id.isEmpty && !id.hasPrefix(".") && !id.contains("/") && !id.contains("\\")
  }
}
