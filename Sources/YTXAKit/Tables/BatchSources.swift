import YTXAFormats

/// The inputs of a batch run, held compactly: a national run lists about 100,000 files, kept
/// as one buffer of UTF-8 paths rather than one string each, so that memory grows by little
/// more than the paths' bytes.
package struct BatchSources: Sendable {
  private var pathBytes: [UInt8] = []
  private var pathEnds: [UInt32] = []
  private var others: [BatchSource] = []
  /// Entries found while listing that are not read, each reported as a rejected input.
  package var problems: [FileSystem.Problem] = []
  /// A table read row by row as it is scored (then the sources are its rows, counted as they
  /// are read), or `nil`.
  package private(set) var table: TableRows?

  /// A table's rows, to be read as they are scored.
  package init(table: TableRows) {
    self.table = table
  }

  /// Sources as given: only files are held compactly; a list with CSV rows is kept as it is.
  public init(_ sources: [BatchSource] = []) {
    let areAllFiles = sources.allSatisfy {
      if case .file = $0 { true } else { false }
    }
    guard areAllFiles else {
      others = sources
      return
    }
    for case .file(let path) in sources { appendFile(path) }
  }

  /// How many sources.
  public var count: Int { table?.count ?? (pathEnds.count + others.count) }

  /// The source at `index`.
  public subscript(index: Int) -> BatchSource {
    index < pathEnds.count ? .file(path(index)) : others[index - pathEnds.count]
  }

  /// How the source is named in results and errors (bytes that are not UTF-8 as `\xHH`).
  public func name(_ index: Int) -> String {
    if let table { return table.name(index) }
    return OSName.display(
      index < pathEnds.count ? path(index) : others[index - pathEnds.count].name)
  }

  private func path(_ index: Int) -> String {
    let start = index == 0 ? 0 : Int(pathEnds[index - 1])
    return String(decoding: pathBytes[start..<Int(pathEnds[index])], as: UTF8.self)
  }

  private mutating func appendFile(_ path: String) {
    pathBytes.append(contentsOf: path.utf8)
    pathEnds.append(UInt32(pathBytes.count))
  }

  /// A folder's `*.json` files, recursively, in byte order of their UTF-8 paths (leaving out the
  /// folders in `excluding`, e.g. the output folder), or a single file; entries that cannot be
  /// listed (an unreadable folder, a link to a folder) are kept in ``problems``, to be reported.
  package static func files(under path: String, excluding: Set<FileIdentity> = []) -> BatchSources {
    var list = BatchSources()
    FileSystem.listEvidence(
      under: path, excluding: excluding, file: { list.appendFile($0) },
      problem: { list.problems.append($0) })
    return list
  }
}
