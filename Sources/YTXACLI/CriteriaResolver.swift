import Foundation
import Synchronization
import YTXAFormats
import YTXAKit

/// What a command needs to read evidence: the criteria set for each file (the one given with
/// `--criteria`, or the bundled set the file names, each loaded once) and the registry of units
/// the communes are resolved against (`nil` with `--units off`).
final class CriteriaResolver: Sendable {
  private let explicit: CriteriaSet?
  private let bundled: BundledFiles
  private let cache = Mutex<[String: Result<CriteriaSet, CriteriaError>]>([:])
  /// The registry, loading while the command lists its inputs; `nil`: units not checked.
  private let pendingUnits: UnitsOption.Pending?

  /// Resolves each file's commune on its assessment date; `nil`: units not checked, or the
  /// registry could not be read (``unitsFailure`` says so; commands check it before scoring).
  var units: UnitResolver? {
    guard let pendingUnits, case .success(let resolver) = pendingUnits.value else { return nil }
    return resolver
  }

  /// Why the registry could not be read, if it could not (waits for the load).
  var unitsFailure: Message? {
    guard let pendingUnits, case .failure(let failure) = pendingUnits.value else { return nil }
    return failure.message
  }

  /// Loads `--criteria PATH` up front when given (an unreadable file is a usage error).
  init(
    path: String?, units: UnitsOption.Pending? = nil, bundled: BundledFiles = BundledFiles()
  ) throws(CriteriaError) {
    self.bundled = bundled
    self.pendingUnits = units
    if let path {
      explicit = try CriteriaSet(contentsOf: URL(fileURLWithPath: path))
    } else {
      explicit = nil
    }
  }

  /// The set to score a file with that names `id` as its `criteriaSet` (`nil`: names none).
  func criteria(forID id: String?) -> Result<CriteriaSet, CriteriaError> {
    if let explicit { return .success(explicit) }
    guard let id else {
      return .failure(.noSetNamed)
    }
    return cache.withLock { cache in
      if let cached = cache[id] { return cached }
      let result = Result { () throws(CriteriaError) in try bundled.criteriaSet(id: id) }
      cache[id] = result
      return result
    }
  }

  /// The bundled default set, for commands that need one without evidence.
  func defaultSet(id: String = BundledFiles.defaultCriteriaSetID) throws(CriteriaError)
    -> CriteriaSet
  {
    if let explicit { return explicit }
    return try bundled.criteriaSet(id: id)
  }
}

/// Lists evidence files: files as given, folders searched recursively for `*.json` (in the
/// byte order of their paths, links to folders not followed), and the entries that could not be
/// listed.
/// A table given by name (a `.csv` file, an `.xlsx` workbook) gives its rows; a table that
/// cannot be used at all is one error.
/// Rows of a table nobody filled in are skipped and counted (`unfilled`).
func expandEvidencePaths(_ paths: [String], criteria: CriteriaSet?) -> (
  sources: SourceList, problems: [FileSystem.Problem], tableErrors: [BatchError],
  unfilled: TableRows.Unfilled
) {
  var sources = SourceList()
  var problems: [FileSystem.Problem] = []
  var tableErrors: [BatchError] = []
  var unfilled = TableRows.Unfilled()
  for path in paths {
    switch BatchCSV.openTable(path: path, criteria: criteria) {
    case .success(let table)?:
      if let error = sources.append(rowsOf: table) { tableErrors.append(error) }
      unfilled.merge(table.unfilled)
    case .failure(let error)?: tableErrors.append(error)
    case nil:
      FileSystem.listEvidence(
        under: path, file: { sources.append(.file($0)) }, problem: { problems.append($0) })
    }
  }
  return (sources, problems, tableErrors, unfilled)
}

extension Console {
  /// Says on stderr why an input was rejected: every file, and the first rows of each table
  /// (``RejectedRows``); the rest are counted in `rows`, and said by ``closeRejected(_:_:)``.
  func rejected(_ error: ScoreCommand.FileError, _ rows: inout RejectedRows, _ language: Language) {
    if rows.admit(table: error.table) { err(language(error.message) + "\n") }
  }

  /// How many rejected rows of each table were not listed, after the list.
  func closeRejected(_ rows: RejectedRows, _ language: Language) {
    for closing in rows.closings { err(language(closing) + "\n") }
  }

  /// Says on stderr which rows of a table were left unfilled and skipped (the first ten named).
  func unfilled(_ unfilled: TableRows.Unfilled, _ language: Language) {
    guard unfilled.count > 0 else { return }
    let named = unfilled.listed.prefix(10).map { "\($0.row) \($0.commune)" }
      .joined(separator: ", ")
    let more = unfilled.count - min(10, unfilled.listed.count)
    err(
      language.pick(
        "Chưa điền: \(unfilled.count) dòng (chỉ có các cột của xã; không chấm, không tính là lỗi): "
          + named + (more > 0 ? " và \(more) dòng khác" : "") + ".\n",
        "Not filled in: \(unfilled.count) "
          + (unfilled.count == 1 ? "row" : "rows")
          + " (only the commune's columns; not scored, not counted as errors): " + named
          + (more > 0 ? " and \(more) more" : "") + ".\n"))
  }
}
