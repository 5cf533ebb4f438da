import Foundation
import YTXAFormats

/// A table's rows as batch sources, read one at a time as they are scored, so that memory does
/// not grow with the number of rows: a `.csv` file read a piece at a time, or an `.xlsx` sheet
/// inflated and parsed a piece at a time (its shared strings held whole). The header has been
/// judged when a `TableRows` exists (``BatchCSV/openTable(path:criteria:)``); each row is
/// then named `file.csv:LINE` or `book.xlsx:Sheet!ROW`, as before.
///
/// Safe to share between the batch's workers: ``next()`` hands each row out once, in order,
/// under a lock.
///
/// `@unchecked Sendable`: the reader (a file or a sheet being read, not `Sendable`) and the
/// rest of the state are reached only under `lock`.
package final class TableRows: @unchecked Sendable {
  /// How rows are named: the file, or `book.xlsx:Sheet!`.
  package let file: String
  /// The table's column keys (NFC, lowercased), in order.
  package let columns: [String]

  /// Reads the next record of the table; `nil` at its end.
  typealias Reader = () throws(BatchError) -> CSVReader.Record?

  private struct State {
    var reader: Reader
    /// Records read while looking for the header, not yet handed out.
    var pending: [CSVReader.Record]
    /// Each handed-out row's line or row number, by order.
    var rows: [Int32] = []
    /// The damage that stopped the reading, if any: the rows before it were handed out.
    var failure: BatchError?
    var isDone = false
  }

  private var unlocked: State
  private let lock = NSLock()
  private let columnList: String

  init(file: String, columns: [String], pending: [CSVReader.Record], reader: @escaping Reader) {
    self.file = file
    self.columns = columns
    columnList = columns.joined(separator: ",")
    unlocked = State(reader: reader, pending: pending)
  }

  /// The next row as a source, with its order (0, 1, …); `nil` at the end of the table or at a
  /// damage (then ``failure`` says what and where).
  package func next() -> (order: Int, source: BatchSource)? {
    withState { state -> (Int, BatchSource)? in
      guard !state.isDone else { return nil }
      let record: CSVReader.Record
      if !state.pending.isEmpty {
        record = state.pending.removeFirst()
      } else {
        do throws(BatchError) {
          guard let read = try state.reader() else {
            state.isDone = true
            return nil
          }
          record = read
        } catch {
          state.failure = error
          state.isDone = true
          return nil
        }
      }
      state.rows.append(Int32(clamping: record.line))
      let order = state.rows.count - 1
      return (order, source(record))
    }
  }

  private func withState<T>(_ body: (inout State) -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body(&unlocked)
  }

  /// A record as the source ``BatchCSV/document(fields:file:row:criteria:)`` reads.
  func source(_ record: CSVReader.Record) -> BatchSource {
    var fields: [String: String] = [BatchCSV.columnsKey: columnList]
    if record.fields.count != columns.count {
      fields["\u{0}count"] = "\(record.fields.count)/\(columns.count)"
    }
    for (column, value) in zip(columns, record.fields) { fields[column] = value }
    return .csvRow(file: file, row: record.line, fields: fields)
  }

  /// How many rows were handed out.
  package var count: Int { withState { $0.rows.count } }

  /// The damage that stopped the reading (the rows after it were not read), if any.
  package var failure: BatchError? { withState { $0.failure } }

  /// How the row of `order` is named.
  package func name(_ order: Int) -> String {
    let row = withState { $0.rows.indices.contains(order) ? Int($0.rows[order]) : 0 }
    return BatchCSV.rowName(file, row)
  }

  /// Every row left, all at once (for the commands that take a list of sources), or the
  /// damage that makes the table unusable.
  package func drain() -> Result<[BatchSource], BatchError> {
    var sources: [BatchSource] = []
    while let (_, source) = next() { sources.append(source) }
    if let failure { return .failure(failure) }
    return .success(sources)
  }
}
