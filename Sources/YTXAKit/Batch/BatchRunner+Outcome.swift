import Foundation
import YTXAFormats

extension BatchRunner {
  /// The outcome of a run, before writing.
  public struct Outcome {
    /// Whether the communes were resolved against the registry.
    public var unitsChecked: Bool
    /// The language of the warnings in the result lines (``Options/language``).
    public var language: Language = .vi
    /// Kept records, sorted by commune code, then year, then input order.
    package var records: [BatchRecord]
    /// Rejected inputs (including duplicates), in input order: of a table's rows, the first
    /// ``RejectedRows/listed``.
    public var errors: [BatchError]
    /// The table's rejected rows past those listed in ``errors``: counted, not kept.
    package var unlistedRows = UnlistedRows()
    /// Inputs skipped because of `--year`.
    public var skipped: Int
    /// Sources processed.
    public var total: Int
    /// Criteria sets used, by id.
    public var criteriaSets: [String: CriteriaSet]
    /// How many inputs each criteria set scored (duplicates included), by id.
    public var scoredBySet: [String: Int] = [:]
    /// Pre-check plan sizes of failing inputs, by input order (with ``Options/planSizes``).
    var planSizes: [Int32: Int] = [:]
    var spills: [SpillFile]
    var sources: BatchSources
    /// The input files' digests and sizes (with ``Options/hashInputs``).
    package var inputs = InputDigests(count: 0)
    /// The set every commune was also scored under (``Options/compare``).
    public var compareSet: CriteriaSet?
    /// Comparison lines of the inputs whose verdict or total changes under ``compareSet``.
    package var comparisons: [Int32: ComparisonMark] = [:]
    /// Table rows nobody filled in (skipped, counted, the first named).
    package var unfilled = TableRows.Unfilled()

    /// The inputs, by order (paths as given, or table rows).
    package var inputSources: BatchSources { sources }

    /// The sentence closing the list of rejected rows, when some were counted but not listed.
    package var unlistedClosing: Message? {
      guard unlistedRows.count > 0, let table = sources.table else { return nil }
      return RejectedRows.closing(table: table.file, count: unlistedRows.count)
    }

    /// How many inputs were rejected, listed or not.
    package var rejectedCount: Int { errors.count + unlistedRows.count }

    /// The commune's name (NFC), read back from its scratch record: names are not kept in
    /// memory, so that a national run's memory does not grow with them.
    package func communeName(of record: BatchRecord) -> String {
      var name: [UInt8] = []
      do {
        try spills[Int(record.worker)].read(
          offset: record.offset + Int(record.nameStart), length: Int(record.nameLength),
          appendingTo: &name)
      } catch {
        return ""
      }
      return String(decoding: name, as: UTF8.self).nfc
    }

    /// The size of the pre-check plan made during the run for a failing record, if one was.
    package func planSize(of record: BatchRecord) -> Int? { planSizes[record.order] }

    /// The input a record was scored from (path as given, or `file.csv:row`).
    package func file(of record: BatchRecord) -> String { sources.name(Int(record.order)) }

    /// Writes every kept result line, in order, to `file`: pieces of 64 lines are made on
    /// `jobs` threads (each line once, from its scratch record) and written in order on the
    /// calling thread, so that the file is hashed as it is written (``AtomicFile/digest()``)
    /// and memory holds a few pieces, whatever the number of lines.
    package func writeLines(to file: AtomicFile, jobs: Int) throws(FileWriteError) {
      let records = self.records
      let piece = 64
      let pieces = (records.count + piece - 1) / piece
      let sets = criteriaSets
      let language = language
      nonisolated(unsafe) let unsafeSpills = spills
      let path = file.path
      var failure: FileWriteError?
      orderedParallelMap(
        count: pieces, jobs: jobs, window: max(4, jobs * 4),
        work: { part -> Result<[UInt8], FileWriteError> in
          var buffer: [UInt8] = []
          buffer.reserveCapacity(piece * 6000)
          var scratch: [UInt8] = []
          var writers: [String: BatchLineWriter] = [:]
          for index in part * piece..<min(records.count, (part + 1) * piece) {
            let record = records[index]
            scratch.removeAll(keepingCapacity: true)
            do throws(FileWriteError) {
              try unsafeSpills[Int(record.worker)].read(
                offset: record.offset, length: Int(record.length), appendingTo: &scratch)
            } catch {
              return .failure(error)
            }
            guard let id = BatchSpillCoding.criteriaSetID(scratch[...]), let set = sets[id],
              let score = BatchSpillCoding.decode(scratch[...], criteria: set)
            else {
              return .failure(
                FileWriteError(path: "(scratch file)", reason: "a record does not read back"))
            }
            let writer = writers[id] ?? BatchLineWriter(criteria: set, language: language)
            if writers[id] == nil { writers[id] = writer }
            let before = buffer.count
            _ = writer.append(score, to: &buffer, namingFrom: 0)
            buffer.append(UInt8(ascii: "\n"))
            guard buffer.count - before == Int(record.lineLength) else {
              return .failure(
                FileWriteError(
                  path: path, reason: "a result line is not the length it was counted at"))
            }
          }
          return .success(buffer)
        },
        emit: { _, made in
          guard failure == nil else { return }
          do throws(FileWriteError) {
            try file.write(made.get())
          } catch {
            failure = error
          }
        })
      if let failure { throw failure }
    }
  }
}

extension BatchRunner.Outcome {
  /// Groups batch records by commune (code in NFC); the latest year's name and district win.
  package func trackedCommunes() -> [TrackedCommune] {
    var communes: [CommuneCode: TrackedCommune] = [:]
    for record in records.sorted(by: { $0.year < $1.year }) {
      let assessment = Assessment(
        year: record.year, passed: record.passed, total: record.total, maximum: record.maximum,
        file: file(of: record), planSize: planSize(of: record), day: record.day,
        unit: record.unitIndex)
      if var known = communes[record.communeCode] {
        known.assessments.append(assessment)
        known.name = communeName(of: record)
        known.districtCode = record.districtCode
        known.districtName = record.districtName
        communes[record.communeCode] = known
      } else {
        communes[record.communeCode] = TrackedCommune(
          code: record.communeCode, name: communeName(of: record),
          districtCode: record.districtCode,
          districtName: record.districtName, assessments: [assessment])
      }
    }
    return communes.values.sorted { $0.code < $1.code }
  }
}

/// The rejected rows of a batch's table past the first ``RejectedRows/listed``: counted (by
/// district, for the summary), not kept, so that a table of damaged rows does not hold a
/// message per row.
package struct UnlistedRows: Sendable {
  /// How many.
  package var count = 0
  /// How many by district, with the district's name as the row gave it.
  package var byDistrict: [DistrictCode: (name: String, count: Int)] = [:]

  mutating func add(_ error: BatchError) {
    count += 1
    if let code = error.districtCode {
      byDistrict[code, default: (error.districtName ?? "", 0)].count += 1
    }
  }

  mutating func merge(_ other: UnlistedRows) {
    count += other.count
    for (code, counted) in other.byDistrict {
      byDistrict[code, default: (counted.name, 0)].count += counted.count
    }
  }
}
