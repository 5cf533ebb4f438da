import Foundation
import YTXAFormats

/// The bundled `Criteria/` folder: the criteria sets and roadmaps that may be loaded by the id an
/// evidence file or a command names, as its manifest (`bundle.json`) declares them. Only the
/// manifest's files are ever loaded by id: the working directory and the evidence folders are
/// never searched, so a folder of evidence cannot bring its own lenient copy of a set.
public struct BundledFiles: Sendable {
  /// Folders that may hold the bundle, in the order they are tried; the first with a
  /// `bundle.json` is the bundle.
  public let candidates: [String]
  /// The folder `YTXA_CRITERIA_DIR` names, when set: it must hold the bundle.
  public let explicitFolder: String?

  /// This file's path when the binary was built (a `#filePath` default argument would take the
  /// caller's path instead).
  public static let builtFromSourceFile = #filePath

  /// The criteria set used where none is named (a CSV row without `criteria_set`, `template`,
  /// `criteria show`).
  public static let defaultCriteriaSetID = "qd-1300-2023"

  /// The environment variable that names the folder explicitly.
  public static let environmentKey = "YTXA_CRITERIA_DIR"

  /// The manifest's name in the bundle folder.
  public static let manifestName = "bundle.json"

  /// Builds the search list: `$YTXA_CRITERIA_DIR`; `../share/ytxa/Criteria` beside the
  /// executable (an installed copy); `Criteria/` beside the executable and in every folder above
  /// it (a SwiftPM build inside the repository); the source tree this binary was built from.
  /// Never the current directory.
  public init(
    executablePath: String? = BundledFiles.currentExecutablePath(),
    environment: [String: String] = ProcessInfo.processInfo.environment,
    sourceFile: String = BundledFiles.builtFromSourceFile
  ) {
    var list: [String] = []
    let explicit = environment[Self.environmentKey].flatMap { $0.isEmpty ? nil : $0 }
    explicitFolder = explicit
    if let explicit { list.append(explicit) }
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
    // Sources/YTXAKit/Criteria/BundledFiles.swift → the package root.
    let sourceRoot = URL(fileURLWithPath: sourceFile).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    list.append(sourceRoot.appendingPathComponent("Criteria").path)
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

  /// What the bundle declares.
  public struct Manifest: Sendable, Hashable {
    /// The bundle folder.
    public var folder: String
    /// Criteria set id → file, relative to the folder.
    public var criteriaSets: [String: String]
    /// Roadmap id → file, relative to the folder.
    public var roadmaps: [String: String]
    /// The registry of administrative units, relative to the folder.
    public var units: String?
    /// Plan id → file, relative to the folder.
    public var plans: [String: String] = [:]
  }

  /// The bundle's manifest: the first candidate folder that has one.
  public func manifest() throws(CriteriaError) -> Manifest {
    if let explicitFolder {
      let path = explicitFolder + "/" + Self.manifestName
      guard case .success(false) = FileSystem.isFolder(path) else {
        throw .environmentWithoutBundle(folder: explicitFolder)
      }
      return try Self.manifest(contentsOf: path, folder: explicitFolder)
    }
    for folder in candidates {
      let path = folder + "/" + Self.manifestName
      guard case .success(false) = FileSystem.isFolder(path) else { continue }
      return try Self.manifest(contentsOf: path, folder: folder)
    }
    throw .notFound(id: Self.manifestName, searched: candidates)
  }

  static func manifest(contentsOf path: String, folder: String) throws(CriteriaError) -> Manifest {
    let object = try versionedObject(readDefinition(path), supported: 1, file: path)
    var problems: [FieldProblem] = []
    let reader = FieldReader(object, path: "")
    reader.rejectUnknownKeys(
      allowed: ["schemaVersion", "note", "criteriaSets", "roadmaps", "units", "plans"],
      into: &problems)
    _ = reader.string("note", required: false, into: &problems)
    func table(_ key: String) -> [String: String] {
      var table: [String: String] = [:]
      var files: [String: String] = [:]
      let required = key != "plans"
      for member in reader.objectReader(key, required: required, into: &problems)?.object.members
        ?? []
      {
        let path = "\(key).\(member.key)"
        guard let file = member.value.stringValue, isSafeRelativePath(file),
          isSafeName(member.key)
        else {
          problems.append(
            FieldProblem(
              path: path,
              message: Message(
                "phải là tên một tệp .json trong thư mục bộ dữ liệu (không có '..')",
                "must name a .json file inside the bundle folder (no '..')")))
          continue
        }
        if let other = files[file] {
          problems.append(
            FieldProblem(
              path: path,
              message: Message(
                "\(file) đã được khai là \"\(other)\"",
                "\(file) is already declared as \"\(other)\"")))
        }
        files[file] = member.key
        table[member.key] = file
      }
      return table
    }
    let sets = table("criteriaSets")
    let roadmaps = table("roadmaps")
    let plans = table("plans")
    let units = reader.string("units", required: false, into: &problems)
    if let units, !isSafeRelativePath(units, suffix: ".tsv") {
      problems.append(
        FieldProblem(
          path: "units",
          message: Message(
            "phải là tên một tệp .tsv trong thư mục bộ dữ liệu",
            "must name a .tsv file inside the bundle folder")))
    }
    guard problems.isEmpty else { throw .invalid(file: path, problems: problems) }
    return Manifest(
      folder: folder, criteriaSets: sets, roadmaps: roadmaps, units: units, plans: plans)
  }

  /// Loads the bundled criteria set with this identifier: only a set the manifest declares,
  /// whose file must have that id.
  public func criteriaSet(id: String) throws(CriteriaError) -> CriteriaSet {
    let (path, relative) = try declared(id, in: \.criteriaSets)
    var set = try CriteriaSet(contentsOf: URL(fileURLWithPath: path))
    try Self.check(id, declaredFor: path, found: set.id)
    set.source?.isBundled = true
    set.source?.file = "Criteria/" + relative
    return set
  }

  /// The bundled plan with this id: its path and its name in the bundle (`Criteria/plans/…`).
  public func planPath(id: String) throws(CriteriaError) -> (path: String, file: String) {
    let (path, relative) = try declared(id, in: \.plans)
    return (path, "Criteria/" + relative)
  }

  /// The bundled registry of administrative units (`Criteria/units/registry.tsv`).
  public func unitRegistry() throws -> UnitRegistry {
    let manifest = try manifest()
    guard let relative = manifest.units else {
      throw UnitRegistryError(
        file: manifest.folder + "/" + Self.manifestName, line: 0,
        message: "the bundle declares no registry of units (\"units\")")
    }
    return try UnitRegistry(path: manifest.folder + "/" + relative, file: "Criteria/" + relative)
  }

  /// The bundled roadmap's file for this id, as the manifest declares it.
  func roadmapPath(id: String) throws(CriteriaError) -> String {
    try declared(id, in: \.roadmaps).path
  }

  /// The file the manifest declares for `id` in one of its tables (its path, and its path
  /// relative to the bundle), or the error listing what is declared.
  private func declared(_ id: String, in table: KeyPath<Manifest, [String: String]>)
    throws(CriteriaError) -> (path: String, relative: String)
  {
    let manifest = try manifest()
    guard let relative = manifest[keyPath: table][id] else {
      throw .notBundled(
        id: id, bundle: manifest.folder + "/" + Self.manifestName,
        available: manifest[keyPath: table].keys.sorted())
    }
    return (manifest.folder + "/" + relative, relative)
  }

  /// Refuses a bundled file whose own id is not the one the manifest declares it under.
  package static func check(_ id: String, declaredFor path: String, found: String)
    throws(CriteriaError)
  {
    guard found != id else { return }
    throw .invalid(
      file: path,
      problems: [
        FieldProblem(
          path: "id",
          message: Message(
            "bộ dữ liệu khai tệp này là \"\(id)\" nhưng id của tệp là \"\(found)\"",
            "the bundle declares this file as \"\(id)\" but its id is \"\(found)\""))
      ])
  }

  /// An identifier that is a plain file name (no path separators, no leading dot).
  static func isSafeName(_ id: String) -> Bool {
    !id.isEmpty && !id.hasPrefix(".") && !id.contains("/") && !id.contains("\\")
  }

  /// A relative path inside the bundle: `.json` (or `suffix`), no `..`, not absolute.
  static func isSafeRelativePath(_ path: String, suffix: String = ".json") -> Bool {
    path.hasSuffix(suffix) && !path.hasPrefix("/")
      && !path.split(separator: "/").contains { $0 == ".." || $0 == "." || $0.isEmpty }
  }
}

/// Where a criteria set was read from, named in every report: the file and its SHA-256, so that
/// a decision can be traced to the exact rules it was made with.
public struct CriteriaSource: Sendable, Hashable {
  /// The file: `Criteria/<name>` for a bundled set, the path as given otherwise.
  public var file: String
  /// The SHA-256 of the file's bytes, in hexadecimal.
  public var sha256: String
  /// Whether it is one of the bundled sets.
  public var isBundled: Bool
  /// The set's id and the numbers of the legal documents it comes from.
  public var id: String = ""
  public var legalBasis: [String] = []

  /// `qd-1300-2023 (1300/QĐ-BYT, 1453/QĐ-BYT)`: the rules by name and legal basis.
  public var citation: String {
    legalBasis.isEmpty ? id : id + " (" + legalBasis.joined(separator: ", ") + ")"
  }

  /// `{"bundled", "file", "id", "legalBasis", "sha256"}`, as reports carry it (`criteriaFile`).
  package var jsonOutput: JSONOutput { .built { write(to: &$0) } }

  func write<Emitter: JSONEmitter>(to out: inout Emitter) {
    out.object { out in
      out.key("bundled")
      out.bool(isBundled)
      out.key("file")
      out.string(file)
      out.key("id")
      out.string(id)
      out.key("legalBasis")
      out.array { out in
        for number in legalBasis { out.string(number) }
      }
      out.key("sha256")
      out.string(sha256)
    }
  }
}
