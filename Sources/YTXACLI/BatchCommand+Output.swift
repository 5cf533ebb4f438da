import Foundation
import Synchronization
import YTXAFormats
import YTXAKit

extension BatchCommand {
  /// What the manifest says of a run besides its outputs: known before the outputs are written.
  struct RunRecord {
    var arguments: [String]
    var started: Date
    var options: [String: String]
    var registry: RunManifest.File?
    var previous: RunManifest.File?
    var input: String
    /// The table read (a .csv or .xlsx file, hashed whole), `nil` for a folder of files.
    var table: RunManifest.File?

    /// `rows`: the table's rows when the input is a table.
    init(
      _ parsed: ParsedArguments, arguments: [String], started: Date,
      resolver: CriteriaResolver, input: String, table rows: Int?
    ) {
      self.arguments = ["batch"] + arguments
      self.started = started
      self.input = input
      var options: [String: String] = [
        "year": parsed["--year"] ?? "all", "criteria": parsed["--criteria"] ?? "bundled",
        "units": parsed["--units"] ?? "bundled", "lang": parsed.language == .en ? "en" : "vi",
        "headers": parsed["--headers"] ?? "both", "format": parsed["--format"] ?? "text",
      ]
      options["compareCriteria"] = parsed["--compare-criteria"]
      options["previous"] = parsed["--previous"]
      self.options = options
      if let registry = resolver.units?.registry {
        self.registry = .init(path: registry.file, sha256: registry.sha256, bytes: nil)
      }
      func file(_ path: String, limit: FileSystem.Limit, rows: Int? = nil) -> RunManifest.File {
        switch FileDigest.of(path, limit: limit) {
        case .success(let digest):
          .init(
            path: OSName.display(path), sha256: digest.sha256, bytes: digest.size, rows: rows)
        case .failure(let failure):
          .init(path: OSName.display(path), sha256: nil, bytes: nil, error: failure.message.english)
        }
      }
      if let folder = parsed["--previous"] {
        previous = file(folder + "/results.jsonl", limit: .results)
      }
      if let rows { table = file(input, limit: .table, rows: rows) }
    }
  }

  /// The environment variable of the benchmark's switch that skips every SHA-256 of a run.
  static let skipDigestsKey = "YTXA_BENCHMARK_NO_DIGESTS"

  /// Writes the output files, each atomically, then `manifest.json` naming their digests; all
  /// are renamed into place together. `digests: false` (the benchmark's switch) takes none.
  static func write(
    _ outcome: BatchRunner.Outcome, _ summary: BatchSummary, to out: String, jobs: Int,
    language: Language, headers: Table.Headers, run: RunRecord, digests: Bool = true
  ) throws(FileWriteError) {
    let results = try AtomicFile(path: out + "/results.jsonl", hashing: digests)
    try outcome.writeLines(to: results, jobs: jobs)
    // Each file reaches the disk (fsync) on its own thread, its digest taken as it was written, the
    // results while the smaller files are written; then all are renamed into place.
    let syncing = SyncGroup()
    syncing.sync(results, name: "results.jsonl")
    defer { syncing.wait() }
    var files = [results]
    func add(_ name: String, _ write: (AtomicFile) throws(FileWriteError) -> Void)
      throws(FileWriteError)
    {
      let file = try AtomicFile(path: out + "/" + name, hashing: digests)
      try write(file)
      syncing.sync(file, name: name)
      files.append(file)
    }
    if outcome.compareSet != nil {
      try add("compare.jsonl") { file throws(FileWriteError) in
        try outcome.writeComparisons(to: file)
      }
    }
    try add("errors.jsonl") { file throws(FileWriteError) in
      var errors: [UInt8] = []
      for error in outcome.errors {
        error.jsonOutput(language).append(to: &errors, pretty: false)
        errors.append(UInt8(ascii: "\n"))
      }
      if let closing = outcome.unlistedClosing, let table = outcome.inputSources.table {
        // The rows past the first listed: one line that counts them.
        JSONOutput.object([
          "file": .string(table.file), "message": .string(language(closing)),
          "notListed": .number(String(outcome.unlistedRows.count)),
        ]).append(to: &errors, pretty: false)
        errors.append(UInt8(ascii: "\n"))
      }
      try file.write(errors)
    }
    try add("summary.json") { file throws(FileWriteError) in
      try summary.writeJSON { bytes throws(FileWriteError) in try file.write(bytes) }
      try file.write([10])
    }
    try add("summary.csv") { file throws(FileWriteError) in
      try file.write(Array(summary.csv(language: language, headers: headers).utf8))
    }
    try add("summary.xlsx") { file throws(FileWriteError) in
      try file.write(summary.xlsx(language: language, headers: headers))
    }
    try add("report.html") { file throws(FileWriteError) in
      try BatchHTMLReport.write(
        summary, names: { outcome.communeName(of: $0) },
        comparisons: { outcome.comparisonLine(of: $0) },
        unread: UnreadInputs(
          rejected: outcome.errors.prefix(UnreadInputs.listed + 1).map(\.rejectedInput),
          unfilled: outcome.unfilled, rejectedCount: outcome.rejectedCount),
        language: language
      ) { piece throws(FileWriteError) in try file.write(piece) }
    }
    let digests = try syncing.finish()
    let manifest = try AtomicFile(path: out + "/manifest.json")
    // The inputs are made one at a time as they are written: a national run's list is never
    // held whole.
    try manifestValue(outcome, run: run, outputs: digests, listingInputs: false).write(
      inputs: manifestInputs(outcome, run: run)
    ) { bytes throws(FileWriteError) in
      try manifest.write(bytes)
    }
    try manifest.sync()
    for file in files + [manifest] { try file.commit() }
  }

  /// The manifest of a finished run; its inputs listed only when `listingInputs` (else they
  /// are given to ``RunManifest/write(inputs:_:)`` by ``manifestInputs(_:run:)``).
  static func manifestValue(
    _ outcome: BatchRunner.Outcome, run: RunRecord, outputs: [String: (sha256: String, size: Int)],
    listingInputs: Bool = true
  ) -> RunManifest {
    let inputs = listingInputs ? Array(manifestInputs(outcome, run: run)) : []
    return RunManifest(
      engineVersion: YTXACommand.version, arguments: run.arguments,
      workingDirectory: FileManager.default.currentDirectoryPath, options: run.options,
      started: RunManifest.timestamp(run.started), finished: RunManifest.timestamp(Date()),
      criteria: outcome.criteriaSets.keys.sorted().compactMap { id in
        outcome.criteriaSets[id].map { RunManifest.Criteria(role: "scoring", set: $0) }
      } + (outcome.compareSet.map { [RunManifest.Criteria(role: "comparison", set: $0)] } ?? []),
      registry: run.registry, previous: run.previous, input: run.input,
      inputIsTable: run.table != nil, inputs: inputs,
      outputs: outputs.keys.sorted().map { name in
        .init(path: name, sha256: outputs[name]?.sha256, bytes: outputs[name]?.size)
      })
  }

  /// The manifest's inputs, made one at a time: the table read (hashed whole), or every file by
  /// input order after the entries that could not be listed, each with its digest or the
  /// reason it was not read.
  static func manifestInputs(_ outcome: BatchRunner.Outcome, run: RunRecord)
    -> AnySequence<RunManifest.File>
  {
    if let table = run.table { return AnySequence([table]) }
    var reasons: [Int: String] = [:]
    for error in outcome.errors where reasons[error.order] == nil {
      reasons[error.order] = error.message.english
    }
    let unlisted = outcome.errors.filter { $0.order < 0 }.map { error in
      RunManifest.File(path: error.file, sha256: nil, bytes: nil, error: reasons[error.order])
    }
    let sources = outcome.inputSources
    let inputs = outcome.inputs
    let listed = (0..<sources.count).lazy.map { order in
      let digest = inputs.digest(order)
      return RunManifest.File(
        path: sources.name(order), sha256: digest?.sha256, bytes: digest?.size,
        error: digest == nil ? reasons[order] ?? "not read" : nil)
    }
    return AnySequence([AnySequence(unlisted), AnySequence(listed)].joined())
  }

  /// Syncs files to disk and takes their digests on background threads; `finish()` waits,
  /// reports the first error, and returns the digests by file name.
  private final class SyncGroup: Sendable {
    private let group = DispatchGroup()
    private let failure = FirstWriteError()
    private let digests = Mutex<[String: (sha256: String, size: Int)]>([:])

    func sync(_ file: AtomicFile, name: String) {
      nonisolated(unsafe) let file = file
      DispatchQueue.global().async(group: group) {
        do throws(FileWriteError) {
          try file.sync()
          if let digest = try file.digest() { self.digests.withLock { $0[name] = digest } }
        } catch {
          self.failure.record(error)
        }
      }
    }

    func wait() { group.wait() }

    func finish() throws(FileWriteError) -> [String: (sha256: String, size: Int)] {
      group.wait()
      try failure.rethrow()
      return digests.withLock { $0 }
    }
  }
}
