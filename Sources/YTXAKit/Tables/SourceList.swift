import YTXAFormats

/// The inputs of a command that needs them all before it reports (`check`, `score`, `council`,
/// `plan`): files as given, and each table's rows packed as they were read (their cells' text
/// in one byte buffer), so that a table held whole costs about its own size; a row becomes a
/// ``BatchSource`` only when it is read. (`batch` does not hold a table at all: it reads its rows
/// as it scores them.)
package struct SourceList: RandomAccessCollection, Sendable {
  private enum Part: Sendable {
    case files([BatchSource])
    case rows(PackedRows)

    var count: Int {
      switch self {
      case .files(let files): files.count
      case .rows(let rows): rows.count
      }
    }
  }

  private var parts: [Part] = []
  /// The index of each part's first source.
  private var starts: [Int] = []
  package private(set) var endIndex = 0

  package init() {}

  package var startIndex: Int { 0 }

  package subscript(index: Int) -> BatchSource {
    // Few parts (one per path given): a search from the end is enough.
    var part = parts.count - 1
    while starts[part] > index { part -= 1 }
    switch parts[part] {
    case .files(let files): return files[index - starts[part]]
    case .rows(let rows): return rows[index - starts[part]]
    }
  }

  /// Adds a file.
  package mutating func append(_ source: BatchSource) {
    if case .files(var files)? = parts.last {
      parts[parts.count - 1] = .files([])
      files.append(source)
      parts[parts.count - 1] = .files(files)
    } else {
      starts.append(endIndex)
      parts.append(.files([source]))
    }
    endIndex += 1
  }

  /// Reads every row left in `table`, packed, or the damage that makes it unusable.
  package mutating func append(rowsOf table: TableRows) -> BatchError? {
    var rows = PackedRows(table: table)
    while let record = table.nextRecord() { rows.append(record) }
    if let failure = table.failure { return failure }
    guard rows.count > 0 else { return nil }
    starts.append(endIndex)
    parts.append(.rows(rows))
    endIndex += rows.count
    return nil
  }
}

/// A table's rows as read: each cell's UTF-8 in one buffer, ends and row starts as offsets.
private struct PackedRows: @unchecked Sendable {
  // The table is only read from here to name columns and make sources (its immutable part).
  let table: TableRows
  var bytes: [UInt8] = []
  var fieldEnds: [UInt32] = []
  /// Per row: its line and the index of its first field in `fieldEnds`.
  var lines: [Int32] = []
  var firstFields: [UInt32] = []

  init(table: TableRows) { self.table = table }

  var count: Int { lines.count }

  mutating func append(_ record: CSVReader.Record) {
    lines.append(Int32(clamping: record.line))
    firstFields.append(UInt32(fieldEnds.count))
    for field in record.fields {
      bytes += field.utf8
      fieldEnds.append(UInt32(bytes.count))
    }
  }

  subscript(row: Int) -> BatchSource {
    let first = Int(firstFields[row])
    let end = row + 1 < firstFields.count ? Int(firstFields[row + 1]) : fieldEnds.count
    var fields: [String] = []
    fields.reserveCapacity(end - first)
    var start = first == 0 ? 0 : Int(fieldEnds[first - 1])
    for index in first..<end {
      let stop = Int(fieldEnds[index])
      fields.append(String(decoding: bytes[start..<stop], as: UTF8.self))
      start = stop
    }
    return table.source(CSVReader.Record(line: Int(lines[row]), fields: fields))
  }
}
