import YTXAFormats

/// One unit of batch input: an evidence file, or one row of a CSV file.
public enum BatchSource: Sendable, Hashable {
  case file(String)
  indirect case csvRow(file: String, row: Int, fields: [String: String])

  /// How the source is named in results and errors: the path as given, or `path:row N`.
  public var name: String {
    switch self {
    case .file(let path): path
    case .csvRow(let file, let row, _): BatchCSV.rowName(file, row)
    }
  }
}

extension BatchSource {
  /// Lists batch sources under a path: a folder's `*.json` files (recursively, sorted by path),
  /// or a single file.
  public static func files(under path: String) -> [BatchSource] {
    let list = BatchSources.files(under: path)
    return (0..<list.count).map { list[$0] }
  }
}
