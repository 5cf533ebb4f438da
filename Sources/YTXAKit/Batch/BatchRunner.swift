import Foundation
import Synchronization
import YTXAFormats

/// Scores many evidence files in parallel, streaming: each commune's score goes to a per-worker
/// scratch file as a compact record as soon as it is made, and only a small record per commune
/// stays in memory, so memory grows with the number of communes only by those records (and the
/// paths). The result lines are made once, after sorting, by ``Outcome/writeLines(to:jobs:)``.
public final class BatchRunner: Sendable {
  /// Finds the criteria set for a file from the `criteriaSet` it names (`nil` when it names
  /// none); must be safe to call from several threads.
  public typealias CriteriaProvider = @Sendable (String?) -> Result<CriteriaSet, CriteriaError>

  public struct Options: Sendable {
    public var year: Int?
    public var jobs: Int
    /// Where the scratch files go (the output folder: same file system as the results).
    public var scratchFolder: String
    /// Whether to make the pre-check plan of every failing commune while its evidence is in
    /// hand, keeping only its size (``Outcome/planSize(of:)``): what `roadmap` ranks by.
    public var planSizes: Bool
    /// Resolves each file's commune against the registry on its assessment date; `nil` when
    /// units are not checked (`--units off`).
    public var units: UnitResolver?
    /// The language of the warnings in the result lines.
    public var language: Language
    /// Whether to keep each input file's SHA-256 and size, taken from the bytes scored (for
    /// the run's manifest).
    public var hashInputs = false
    /// Another criteria set to score every commune under as well (`--compare-criteria`).
    public var compare: CriteriaSet?

    public init(
      year: Int? = nil, jobs: Int, scratchFolder: String, planSizes: Bool = false,
      units: UnitResolver? = nil, language: Language = .vi, hashInputs: Bool = false,
      compare: CriteriaSet? = nil
    ) {
      self.language = language
      self.hashInputs = hashInputs
      self.compare = compare
      self.year = year
      self.jobs = max(1, jobs)
      self.scratchFolder = scratchFolder
      self.planSizes = planSizes
      self.units = units
    }
  }

  let criteria: CriteriaProvider
  let options: Options

  public init(options: Options, criteria: @escaping CriteriaProvider) {
    self.options = options
    self.criteria = criteria
  }

  /// What the workers share, behind one lock.
  private final class RunState: Sendable {
    struct State {
      var next = 0
      var done = 0
      var failure: FileWriteError?
      /// Every worker's records, in one array reserved up front (no growth slack, no merge
      /// copy).
      var records: [BatchRecord] = []
      var errors: [[BatchError]]
      var unlisted = UnlistedRows()
      var skipped: [Int]
      var sets: [String: CriteriaSet] = [:]
      var scoredBySet: [String: Int] = [:]
      /// Plan sizes of failing inputs, by input order (only with ``Options/planSizes``).
      var planSizes: [Int32: Int] = [:]
      /// Input files' digests and sizes, by input order (only with ``Options/hashInputs``).
      var inputs = InputDigests(count: 0)
      /// Comparison lines, by input order (only with ``Options/compare``).
      var comparisons: [Int32: ComparisonMark] = [:]
    }

    private let state: Mutex<State>

    init(jobs: Int, capacity: Int, hashing: Bool) {
      var initial = State(
        errors: Array(repeating: [], count: jobs), skipped: Array(repeating: 0, count: jobs))
      initial.records.reserveCapacity(capacity)
      if hashing { initial.inputs = InputDigests(count: capacity) }
      state = Mutex(initial)
    }

    func take(_ total: Int) -> Int? {
      state.withLock { state in
        guard state.next < total, state.failure == nil else { return nil }
        defer { state.next += 1 }
        return state.next
      }
    }

    func finishOne() -> Int {
      state.withLock { state in
        state.done += 1
        return state.done
      }
    }

    func add(_ record: BatchRecord) { state.withLock { $0.records.append(record) } }

    func read(_ order: Int, digest: [UInt8], size: Int) {
      state.withLock { $0.inputs.set(order, digest: digest, size: size) }
    }

    func compared(_ order: Int32, _ mark: ComparisonMark) {
      state.withLock { $0.comparisons[order] = mark }
    }

    func fail(_ error: FileWriteError) {
      state.withLock { $0.failure = $0.failure ?? error }
    }

    func collect(
      worker: Int, errors: [BatchError], unlisted: UnlistedRows, skipped: Int,
      sets: [String: CriteriaSet], scored: [String: Int], planSizes: [Int32: Int]
    ) {
      state.withLock { state in
        state.planSizes.merge(planSizes) { first, _ in first }
        state.errors[worker] = errors
        state.unlisted.merge(unlisted)
        state.skipped[worker] = skipped
        state.sets.merge(sets) { first, _ in first }
        state.scoredBySet.merge(scored, uniquingKeysWith: +)
      }
    }

    /// Everything the workers gathered, handed over without keeping a copy of the records.
    func finish() -> State {
      state.withLock { state in
        defer { state.records = [] }
        return state
      }
    }
  }

  private enum Processed {
    case scored(
      BatchRecord, PointsOnlyScore, CriteriaSet, planSize: Int?,
      comparison: (line: [UInt8], passedAfter: Bool?)?)
    case rejected(BatchError)
    case skipped
  }

  /// Runs every source; `progress(done, total)` is called from worker threads.
  package func run(
    _ sources: [BatchSource], progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws(FileWriteError) -> Outcome {
    try run(BatchSources(sources), progress: progress)
  }

  /// Runs every source; `progress(done, total)` is called from worker threads.
  package func run(
    _ sources: BatchSources, progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws(FileWriteError) -> Outcome {
    // A table's rows are read as they are scored: how many there are is known at the end.
    let table = sources.table
    let jobs = table != nil ? options.jobs : min(options.jobs, max(1, sources.count))
    var spills: [SpillFile] = []
    for _ in 0..<jobs { spills.append(try SpillFile(folder: options.scratchFolder)) }
    let state = RunState(jobs: jobs, capacity: sources.count, hashing: options.hashInputs)
    let total = table != nil ? 0 : sources.count
    /// The next source and its order: the next row of the table, or the next file.
    let take: @Sendable () -> (Int, BatchSource)? = {
      if let table { return table.next() }
      return state.take(total).map { ($0, sources[$0]) }
    }
    nonisolated(unsafe) let unsafeSpills = spills
    DispatchQueue.concurrentPerform(iterations: jobs) { worker in
      var rejected: [BatchError] = []
      var unlisted = UnlistedRows()
      var skips = 0
      var used: [String: CriteriaSet] = [:]
      var scored: [String: Int] = [:]
      var names: [String: BatchPlace] = [:]
      var writers: [String: BatchLineWriter] = [:]
      var planSizes: [Int32: Int] = [:]
      while let (index, source) = take() {
        let read: (([UInt8]) -> Void)? =
          options.hashInputs
          ? { bytes in state.read(index, digest: SHA256.digest(bytes), size: bytes.count) } : nil
        switch process(
          source, order: index, worker: worker, used: &used, names: &names, read: read)
        {
        case .scored(var record, let score, let set, let planSize, let comparison):
          scored[set.id, default: 0] += 1
          if let planSize { planSizes[record.order] = planSize }
          let writer = writers[set.id] ?? BatchLineWriter(criteria: set, language: options.language)
          if writers[set.id] == nil { writers[set.id] = writer }
          do throws(FileWriteError) {
            // The scratch file keeps a compact record; the line is made once, when written.
            let written = try unsafeSpills[worker].append { buffer in
              BatchSpillCoding.encode(score, into: &buffer)
            }
            record.offset = written.offset
            record.length = Int32(written.length)
            record.nameStart = Int32(written.value.lowerBound)
            record.nameLength = Int32(written.value.count)
            record.lineLength = Int32(writer.length(of: score) + 1)
            state.add(record)
            if let comparison {
              let kept = try unsafeSpills[worker].append { $0 += comparison.line }
              state.compared(
                record.order,
                ComparisonMark(
                  worker: Int32(worker), offset: kept.offset, length: Int32(kept.length),
                  passedAfter: comparison.passedAfter))
            }
          } catch {
            state.fail(error)
          }
        case .rejected(let error):
          rejected.append(error)
          // A table's rows: only the first listed can be listed in the end, so a worker keeps
          // at most twice that many (its first by order), and counts the rest.
          if table != nil, rejected.count >= 2 * RejectedRows.listed {
            Self.keepFirstRows(&rejected, rows: 0..<Int.max, unlisted: &unlisted)
          }
        case .skipped: skips += 1
        }
        if let progress { progress(state.finishOne(), total) }
      }
      do throws(FileWriteError) {
        try unsafeSpills[worker].flush()
      } catch {
        state.fail(error)
      }
      state.collect(
        worker: worker, errors: rejected, unlisted: unlisted, skipped: skips, sets: used,
        scored: scored, planSizes: planSizes)
    }
    let gathered = state.finish()
    if let failure = gathered.failure { throw failure }
    // Give the workers' freed parse buffers back before sorting, so they do not add to the peak.
    Syscalls.trimMalloc()
    var records = gathered.records
    let errors = gathered.errors
    let skipped = gathered.skipped
    let sets = gathered.sets
    let scoredBySet = gathered.scoredBySet
    Self.sortInPlace(&records)
    var allErrors = Self.listingErrors(sources) + errors.flatMap { $0 }
    if var damage = table?.failure {
      // The table stopped being readable: the rows before were scored; this comes after them.
      damage.order = sources.count
      allErrors.append(damage)
    }
    allErrors += Self.removeDuplicates(&records, sources: sources)
    let kept = records
    records = []
    var unlisted = gathered.unlisted
    if table != nil {
      Self.keepFirstRows(&allErrors, rows: 0..<sources.count, unlisted: &unlisted)
    } else {
      allErrors.sort { $0.order < $1.order }
    }
    return Outcome(
      unitsChecked: options.units != nil, language: options.language,
      records: kept, errors: allErrors, unlistedRows: unlisted, skipped: skipped.reduce(0, +),
      total: sources.count + sources.problems.count + (table?.failure == nil ? 0 : 1),
      criteriaSets: sets, scoredBySet: scoredBySet, planSizes: gathered.planSizes, spills: spills,
      sources: sources, inputs: gathered.inputs, compareSet: options.compare,
      comparisons: gathered.comparisons, unfilled: table?.unfilled ?? TableRows.Unfilled())
  }

  /// Sorts `errors` by input order and keeps, of a table's rows (the orders in `rows`), the
  /// first ``RejectedRows/listed``; the rows after them are counted in `unlisted`. The entries
  /// that are not rows (listing problems before, the table's damage after) are all kept.
  static func keepFirstRows(
    _ errors: inout [BatchError], rows: Range<Int>, unlisted: inout UnlistedRows
  ) {
    errors.sort { $0.order < $1.order }
    var listed = 0
    var kept: [BatchError] = []
    kept.reserveCapacity(min(errors.count, 2 * RejectedRows.listed))
    for error in errors {
      if rows.contains(error.order) {
        listed += 1
        if listed > RejectedRows.listed {
          unlisted.add(error)
          continue
        }
      }
      kept.append(error)
    }
    errors = kept
  }

  /// The entries that could not be listed, as errors that come first, in listing order.
  static func listingErrors(_ sources: BatchSources) -> [BatchError] {
    sources.problems.enumerated().map { index, problem in
      let message = "\(OSName.display(problem.path)): " + problem.reason
      return BatchError(
        file: OSName.display(problem.path), message: message, indicator: nil,
        problems: [message], communeCode: nil, districtCode: nil, districtName: nil,
        order: index - sources.problems.count)
    }
  }

  /// The same commune and year twice in sorted records: the first in input order is kept, the
  /// others removed and returned as errors. Done in place, so the records are never held twice.
  static func removeDuplicates(_ records: inout [BatchRecord], sources: BatchSources)
    -> [BatchError]
  {
    var duplicates: [BatchError] = []
    var keptCount = 0
    for index in records.indices {
      let record = records[index]
      if keptCount > 0, records[keptCount - 1].communeCode == record.communeCode,
        records[keptCount - 1].year == record.year
      {
        let first = sources.name(Int(records[keptCount - 1].order))
        var duplicate =
          BatchError(
            file: sources.name(Int(record.order)),
            message: Message(
              "trùng: xã \(record.communeCode) năm \(record.year) đã có trong \(first); "
                + "tệp này không được tính",
              "duplicate: commune \(record.communeCode) year \(record.year) is already in \(first); "
                + "this file was not counted"),
            indicator: nil, problems: [], communeCode: record.communeCode,
            districtCode: record.districtCode, districtName: record.districtName,
            order: Int(record.order))
        duplicate.duplicateOf = first
        duplicates.append(duplicate)
        continue
      }
      records[keptCount] = record
      keptCount += 1
    }
    records.removeSubrange(keptCount...)
    return duplicates
  }

  /// Sorts by commune code (UTF-8 bytes), year, input order. Sorting 4-byte positions and then
  /// permuting in place keeps the extra memory at a few bytes per record instead of the half
  /// copy of the records a merge sort would need.
  static func sortInPlace(_ records: inout [BatchRecord]) {
    var positions = (0..<Int32(records.count)).map { $0 }
    records.withUnsafeBufferPointer { buffer in
      positions.sort { a, b in
        let lhs = buffer[Int(a)]
        let rhs = buffer[Int(b)]
        if lhs.communeCode != rhs.communeCode {
          return lhs.communeCode < rhs.communeCode
        }
        if lhs.year != rhs.year { return lhs.year < rhs.year }
        return lhs.order < rhs.order
      }
    }
    // Apply the permutation cycle by cycle: result[i] = records[positions[i]].
    for start in positions.indices where positions[start] >= 0 {
      guard Int(positions[start]) != start else {
        positions[start] = -1
        continue
      }
      let first = records[start]
      var current = start
      while true {
        let next = Int(positions[current])
        positions[current] = -1
        if next == start {
          records[current] = first
          break
        }
        records[current] = records[next]
        current = next
      }
    }
  }

  private func process(
    _ source: BatchSource, order: Int, worker: Int, used: inout [String: CriteriaSet],
    names: inout [String: BatchPlace], read: (([UInt8]) -> Void)?
  ) -> Processed {
    var evidence: PositionalEvidence
    let set: CriteriaSet
    switch load(source, order: order, read: read) {
    case .loaded(let loaded, let found):
      evidence = loaded
      set = found
    case .rejected(let error): return .rejected(error)
    case .skipped: return .skipped
    }
    if let units = options.units {
      do throws(EvidenceError) {
        try units.resolve(&evidence)
      } catch {
        var rejected = Self.error(error, file: evidence.file, order: order, document: nil)
        rejected.communeCode = evidence.commune.code
        rejected.districtCode = evidence.commune.district?.code
        rejected.districtName = evidence.commune.district?.name.nfc
        return .rejected(rejected)
      }
    }
    if used[set.id] == nil { used[set.id] = set }
    let result = Scorer(criteria: set).pointsOnly(evidence)
    // The place a commune is counted in: the registry's district and province on the
    // assessment date when units are checked, else as the file writes them.
    var commune = result.commune
    if let index = commune.unit?.index, let registry = options.units?.registry {
      commune.district = registry.units[index].district
      commune.province = registry.units[index].province
    }
    // District and province repeat across communes: keep one shared instance of each place.
    let key =
      "\(commune.district?.code.digits ?? "")\u{0}\(commune.district?.name ?? "")\u{0}"
      + "\(commune.province?.code.digits ?? "")\u{0}\(commune.province?.name ?? "")"
    let place: BatchPlace
    if let known = names[key] {
      place = known
    } else {
      place = BatchPlace(
        districtCode: commune.district?.code, districtName: commune.district?.name.nfc,
        provinceCode: commune.province?.code, provinceName: commune.province?.name.nfc)
      names[key] = place
    }
    var record = BatchRecord(
      communeCode: commune.code, year: result.year,
      place: place, passed: result.hasPassed, reasons: result.judgement.reasons,
      total: result.judgement.total, maximum: result.judgement.maximum, order: Int32(order),
      worker: Int32(worker), length: 0, offset: 0)
    record.unitIndex = commune.unit?.index
    record.day = UnitResolver.day(assessedOn: result.assessedOn, year: result.year)
    let comparison = options.compare.flatMap { other in
      compare(source, order: order, before: result, set: set, other: other)
    }
    return .scored(
      record, result, set, planSize: planSize(evidence, set: set, passed: record.passed),
      comparison: comparison)
  }

  /// The number of steps of the pre-check plan of a failing commune (nil when it passes, when
  /// no plan can make it pass, or when plan sizes were not asked for).
  private func planSize(_ evidence: PositionalEvidence, set: CriteriaSet, passed: Bool) -> Int? {
    guard options.planSizes, !passed else { return nil }
    let plan = Planner(criteria: set).plan(evidence.evidence(criteria: set))
    if case .plan(let items) = plan.outcome { return items.count }
    return nil
  }
}
