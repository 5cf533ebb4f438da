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
    /// Rows left as the template gave them (no indicator cell filled): skipped, counted, and
    /// the first ``TableRows/listedUnfilled`` named.
    var unfilled = Unfilled()
  }

  /// The rows of a table that nobody filled in: a template row whose indicator cells are all
  /// empty (only the columns the template fills, the commune's, hold anything). They are
  /// skipped, not rejected, and counted in every output (`chưa điền: 94 xã`).
  package struct Unfilled: Sendable, Hashable {
    /// How many.
    package var count = 0
    /// The first ``TableRows/listedUnfilled``.
    package var listed: [Row] = []

    /// An unfilled row: its name (`book.xlsx:Minh chứng!7`) and the commune as the row gives
    /// it (`Phường Đa Mai (07228)`).
    package struct Row: Sendable, Hashable {
      package var row: String
      package var commune: String
    }

    package init() {}

    mutating func add(row: String, commune: String) {
      count += 1
      if listed.count < TableRows.listedUnfilled {
        listed.append(Row(row: row, commune: commune))
      }
    }

    /// What is said when no row of a table was filled in (nothing to score: exit 2).
    package var noneFilled: Message {
      Message(
        "chưa dòng nào được điền: \(count) dòng chỉ có các cột của xã (điền minh chứng của ít "
          + "nhất một chỉ tiêu để chấm một dòng).",
        "no row is filled in: \(count) rows hold only the commune's columns (fill in the "
          + "evidence of at least one indicator to score a row).")
    }

    /// Adds another table's unfilled rows.
    package mutating func merge(_ other: Unfilled) {
      count += other.count
      listed += other.listed.prefix(TableRows.listedUnfilled - listed.count)
    }
  }

  /// How many unfilled rows are named (the rest are counted).
  package static let listedUnfilled = 1000

  private var unlocked: State
  private let lock = NSLock()
  private let columnList: String
  private let labelList: String?
  /// The positions of the columns a person fills (the indicators'), by which an untouched
  /// template row is told.
  private let filledColumns: [Int]

  /// `labels`: the row above the keys (the column titles a person reads), when there is one.
  init(
    file: String, columns: [String], labels: [String]?, pending: [CSVReader.Record],
    reader: @escaping Reader
  ) {
    self.file = file
    self.columns = columns
    columnList = columns.joined(separator: ",")
    labelList = labels.map { $0.joined(separator: BatchCSV.labelSeparator) }
    let communeColumns = Set(BatchCSV.communeColumns)
    filledColumns = columns.indices.filter { !communeColumns.contains(columns[$0]) }
    unlocked = State(reader: reader, pending: pending)
  }

  /// Whether a record is a template row nobody filled: every indicator cell empty, and no
  /// cell past the header's columns.
  private func isUnfilled(_ record: CSVReader.Record) -> Bool {
    guard record.fields.count <= columns.count,
      record.fields.contains(where: { !$0.trimmedCell.isEmpty })
    else { return false }
    return filledColumns.allSatisfy {
      $0 >= record.fields.count || record.fields[$0].trimmedCell.isEmpty
    }
  }

  /// The next row as a source, with its order (0, 1, …); `nil` at the end of the table or at a
  /// damage (then ``failure`` says what and where).
  package func next() -> (order: Int, source: BatchSource)? {
    withState { state -> (Int, BatchSource)? in
      nextRecord(&state).map { (state.rows.count - 1, source($0)) }
    }
  }

  /// The next row as read (counted like ``next()``), or `nil` at the end or at a damage.
  package func nextRecord() -> CSVReader.Record? {
    withState { state in nextRecord(&state) }
  }

  private func nextRecord(_ state: inout State) -> CSVReader.Record? {
    guard !state.isDone else { return nil }
    var record: CSVReader.Record
    repeat {
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
      guard isUnfilled(record) else { break }
      state.unfilled.add(row: BatchCSV.rowName(file, record.line), commune: commune(record))
    } while true
    state.rows.append(Int32(clamping: record.line))
    return record
  }

  private func withState<T>(_ body: (inout State) -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body(&unlocked)
  }

  /// The commune a record names, as a person reads it: `Phường Đa Mai (07228)`.
  private func commune(_ record: CSVReader.Record) -> String {
    func cell(_ key: String) -> String {
      columns.firstIndex(of: key).flatMap {
        record.fields.indices.contains($0) ? record.fields[$0].trimmedCell : nil
      } ?? ""
    }
    return CommuneType.label(
      code: cell("commune_code"), name: cell("commune_name"), type: cell("commune_type")) ?? ""
  }

  /// A record as the source ``BatchCSV/document(fields:file:row:criteria:)`` reads.
  func source(_ record: CSVReader.Record) -> BatchSource {
    var fields: [String: String] = [BatchCSV.columnsKey: columnList]
    if let labelList { fields[BatchCSV.labelsKey] = labelList }
    if record.fields.count != columns.count {
      fields["\u{0}count"] = "\(record.fields.count)/\(columns.count)"
    }
    for (column, value) in zip(columns, record.fields) { fields[column] = value }
    return .csvRow(file: file, row: record.line, fields: fields)
  }

  /// How many rows were handed out.
  package var count: Int { withState { $0.rows.count } }

  /// The rows skipped as nobody filled them, so far.
  package var unfilled: Unfilled { withState { $0.unfilled } }

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
