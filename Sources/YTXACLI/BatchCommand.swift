import Foundation
import Synchronization
import YTXAKit

/// `ytxa batch PATH [--year Y] [--out DIR] [--criteria PATH] [--jobs N] [--previous DIR]`
enum BatchCommand {
  static let spec = CommandSpec(
    name: "batch",
    summary: "Score every evidence file under a folder (or every row of a CSV file) in parallel.",
    positionals: "PATH", minimumPositionals: 1, maximumPositionals: 1,
    options: [
      .init("--year", value: "Y", help: "Keep only this assessment year (others are skipped)."),
      .init("--out", value: "DIR", help: "Output folder (default ./ytxa-results)."),
      .init(
        "--criteria", value: "PATH",
        help: "Criteria file to use instead of the bundled set each file names."),
      .init("--jobs", value: "N", help: "Parallel workers (default: the number of cores)."),
      .init(
        "--previous", value: "DIR",
        help: "An earlier run's output folder: list communes to withdraw, maintain, and new."),
      .init(
        "--format", value: "FORMAT", allowed: ["text", "json"],
        help: "Format of the summary on stdout (default text)."),
      .init(
        "--lang", value: "LANG", allowed: ["vi", "en"],
        help: "Language of the summary on stdout, report.html and the summary table's column "
          + "names (default vi)."),
      HeadersOption.option(for: "summary.csv and summary.xlsx"),
      UnitsOption.option,
    ],
    discussion: """
      PATH is a folder, searched recursively for *.json (the output folder is left out), a .csv
      file, or an .xlsx workbook (the sheet whose first rows hold the commune_code key) laid out
      as 'ytxa template'.
      The output folder receives results.jsonl, errors.jsonl, summary.json, summary.csv,
      summary.xlsx (the same rows, numbers as numbers) and report.html, each written to a
      temporary file and renamed into place. A bad file is recorded in errors.jsonl and the run
      goes on.
      The folder must be new, empty or an earlier run's: it is replaced as a whole, in one step,
      when every output is written, and a second run into it refuses while one is writing.
      Exit codes: 0 every commune passes and no file was rejected; 1 otherwise; 2 bad usage, no
      evidence found, or an output folder that cannot be used; 3 the outputs could not be
      written (the folder is left as it was).
      """)

  static func run(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(spec, arguments, console: console)
    guard let parsed else { return code }
    let language = parsed.language
    let settings: Settings
    switch Settings.read(parsed, command: "batch", console: console) {
    case .success(let read): settings = read
    case .failure(let exit): return exit.code
    }
    let (year, jobs, resolver) = (settings.year, settings.jobs, settings.resolver)
    let path = parsed.positionals[0]
    let out = parsed["--out"] ?? "ytxa-results"
    if case .failure(let failure) = FileSystem.isFolder(path) {
      console.error("\(OSName.display(path)): " + failure.message + ".", language)
      return ExitCode.usage
    }
    guard case .success(let previous) = previousStandings(parsed, console: console) else {
      return ExitCode.usage
    }
    // Outputs go to a staging folder that replaces the output folder in one step at the end;
    // the lock makes a second run into the same folder refuse at once.
    let folder: OutputFolder
    do {
      folder = try OutputFolder(path: out, input: path)
    } catch {
      console.error(Message(describing: error), language)
      return ExitCode.usage
    }

    let (sources, inputErrors) = inputs(path, resolver: resolver, excluding: folder)
    if let refusal = Self.refusal(
      sources, inputErrors: inputErrors, unitsFailure: resolver.unitsFailure, path: path, out: out)
    {
      console.error(refusal, language)
      return ExitCode.usage
    }

    let progress: (@Sendable (Int, Int) -> Void)? =
      console.isErrorTerminal ? Progress(console: console).report : nil
    let runner = BatchRunner(
      options: .init(
        year: year, jobs: jobs, scratchFolder: folder.staging, units: resolver.units,
        language: language),
      criteria: { resolver.criteria(forID: $0) })
    let outcome: BatchRunner.Outcome
    do {
      var result = try runner.run(sources, progress: progress)
      result.errors = inputErrors + result.errors
      outcome = result
    } catch {
      console.err("\n")
      console.error(
        leftUnchanged(error, out: out), language)
      return ExitCode.outputFailure
    }
    if progress != nil { console.err("\n") }
    if outcome.records.isEmpty, outcome.errors.isEmpty, let year {
      console.error(
        "không có tệp số liệu năm \(year) trong \(OSName.display(path)) (\(outcome.skipped) tệp "
          + "của các năm khác); không ghi gì vào \(out).",
        "no evidence file for \(year) under \(OSName.display(path)) (\(outcome.skipped) "
          + "files of other years); nothing was written to \(out).", language)
      return ExitCode.usage
    }
    let reevaluation = previous.map { Reevaluation(previous: $0, current: standings(outcome)) }
    let summary = BatchSummary(outcome: outcome, year: year, reevaluation: reevaluation)
    do {
      try write(
        outcome, summary, to: folder.staging, jobs: jobs, language: language,
        headers: HeadersOption.value(parsed))
      try folder.commit()
    } catch {
      console.error(
        leftUnchanged(error, out: out), language)
      return ExitCode.outputFailure
    }
    for error in outcome.errors { console.err(language(error.message) + "\n") }
    report(summary, json: parsed["--format"] == "json", out: out, language: language, console)
    return summary.allPass ? ExitCode.success : ExitCode.failure
  }

  /// Why a run cannot start once its inputs are listed: the registry could not be read, or
  /// there is no evidence at all; `nil` when it can.
  static func refusal(
    _ sources: BatchSources, inputErrors: [BatchError], unitsFailure: String?, path: String,
    out: String
  ) -> Message? {
    if let unitsFailure {
      return Message(
        "\(unitsFailure); không ghi gì vào \(out).",
        "\(unitsFailure); nothing was written to \(out).")
    }
    guard sources.count == 0, sources.problems.isEmpty, inputErrors.isEmpty else { return nil }
    return Message(
      "không có tệp số liệu nào trong \(OSName.display(path)) (tệp *.json, hoặc các dòng của một "
        + "tệp .csv); không ghi gì vào \(out).",
      "no evidence file under \(OSName.display(path)) (*.json files, or rows of a .csv "
        + "file); nothing was written to \(out).")
  }

  /// `…; the output folder OUT was left as it was.`
  static func leftUnchanged(_ error: any Error, out: String) -> Message {
    Message(describing: error)
      + Message(
        "; thư mục kết quả \(out) được giữ nguyên.",
        "; the output folder \(out) was left as it was.")
  }

  /// The standings of the run `--previous` names (`nil` without it), or a failure after saying
  /// why they cannot be read.
  static func previousStandings(_ parsed: ParsedArguments, console: Console) -> Result<
    [CommuneStanding]?, ScoreCommand.Exit
  > {
    guard let folder = parsed["--previous"] else { return .success(nil) }
    do {
      return .success(try Reevaluation.standings(resultsFile: folder + "/results.jsonl"))
    } catch {
      console.error("--previous: " + error.messages.joined(separator: "\n"), parsed.language)
      return .failure(ScoreCommand.Exit(code: ExitCode.usage))
    }
  }

  /// The summary on stdout: `summary.json`'s bytes, or the short text.
  static func report(
    _ summary: BatchSummary, json: Bool, out: String, language: Language, _ console: Console
  ) {
    guard json else {
      console.text(text(summary, out: out, language: language))
      return
    }
    var bytes: [UInt8] = []
    summary.writeJSON { bytes += $0 }
    console.out(String(decoding: bytes, as: UTF8.self) + "\n")
  }

  /// The numeric options and the criteria of a run (`batch` and `roadmap`).
  struct Settings {
    var year: Int?
    var jobs: Int
    var resolver: CriteriaResolver

    /// Reads them, reporting a bad value on `console`.
    static func read(_ parsed: ParsedArguments, command: String, console: Console) -> Result<
      Settings, ScoreCommand.Exit
    > {
      do {
        let year = try parsed.integer("--year", in: Evidence.years, command: command)
        let jobs =
          try parsed.integer("--jobs", in: 1...512, command: command)
          ?? ProcessInfo.processInfo.activeProcessorCount
        let language = parsed.language
        let units = UnitsOption.Pending(parsed)
        do {
          return .success(
            Settings(
              year: year, jobs: jobs,
              resolver: try CriteriaResolver(path: parsed["--criteria"], units: units)))
        } catch {
          console.error(Message(describing: error), language)
          return .failure(ScoreCommand.Exit(code: ExitCode.usage))
        }
      } catch {
        console.err(error.text(parsed.language) + "\n")
        return .failure(ScoreCommand.Exit(code: ExitCode.usage))
      }
    }
  }

  /// The sources of a run: a CSV file's rows, or a folder's JSON files (leaving out the output
  /// folder); a CSV file that cannot be used at all is one input error.
  static func inputs(_ path: String, resolver: CriteriaResolver, excluding folder: OutputFolder)
    -> (BatchSources, [BatchError])
  {
    guard let table = BatchCSV.tableSources(path: path, criteria: try? resolver.defaultSet())
    else {
      return (BatchSources.files(under: path, excluding: folder.identities), [])
    }
    switch table {
    case .success(let rows): return (BatchSources(rows), [])
    case .failure(let error): return (BatchSources(), [error])
    }
  }

  /// Each scored commune-year's standing, for the comparison with an earlier run.
  static func standings(_ outcome: BatchRunner.Outcome) -> [CommuneStanding] {
    outcome.records.map {
      CommuneStanding(
        code: $0.communeCode, name: outcome.communeName(of: $0), districtCode: $0.districtCode,
        year: $0.year, passed: $0.passed)
    }
  }

  /// Writes the five output files, each atomically.
  static func write(
    _ outcome: BatchRunner.Outcome, _ summary: BatchSummary, to out: String, jobs: Int,
    language: Language, headers: Table.Headers
  ) throws(FileWriteError) {
    let results = try AtomicFile(path: out + "/results.jsonl")
    try outcome.writeLines(to: results, jobs: jobs)
    // Each file reaches the disk (fsync) on its own thread, the results while the smaller files
    // are written; then all are renamed into place.
    let syncing = SyncGroup()
    syncing.sync(results)
    defer { syncing.wait() }
    var errors: [UInt8] = []
    for error in outcome.errors {
      error.jsonOutput(language).append(to: &errors, pretty: false)
      errors.append(UInt8(ascii: "\n"))
    }
    let errorsFile = try AtomicFile(path: out + "/errors.jsonl")
    try errorsFile.write(errors)
    syncing.sync(errorsFile)
    let summaryFile = try AtomicFile(path: out + "/summary.json")
    try summary.writeJSON { bytes throws(FileWriteError) in try summaryFile.write(bytes) }
    try summaryFile.write([10])
    syncing.sync(summaryFile)
    let csvFile = try AtomicFile(path: out + "/summary.csv")
    try csvFile.write(Array(summary.csv(language: language, headers: headers).utf8))
    syncing.sync(csvFile)
    let xlsxFile = try AtomicFile(path: out + "/summary.xlsx")
    try xlsxFile.write(summary.xlsx(language: language, headers: headers))
    syncing.sync(xlsxFile)
    let report = try AtomicFile(path: out + "/report.html")
    let sink: (String) throws(FileWriteError) -> Void = { piece throws(FileWriteError) in
      try report.write(piece)
    }
    try BatchHTMLReport.write(
      summary, names: { outcome.communeName(of: $0) }, language: language, to: sink)
    syncing.sync(report)
    try syncing.finish()
    for file in [results, errorsFile, summaryFile, csvFile, xlsxFile, report] { try file.commit() }
  }

  /// Syncs files to disk on background threads; `finish()` waits and reports the first error.
  private final class SyncGroup: Sendable {
    private let group = DispatchGroup()
    private let failure = FirstWriteError()

    func sync(_ file: AtomicFile) {
      nonisolated(unsafe) let file = file
      DispatchQueue.global().async(group: group) {
        do throws(FileWriteError) {
          try file.sync()
        } catch {
          self.failure.record(error)
        }
      }
    }

    func wait() { group.wait() }

    func finish() throws(FileWriteError) {
      group.wait()
      try failure.rethrow()
    }
  }

  /// The short summary printed on stdout.
  static func text(_ summary: BatchSummary, out: String, language l: Language = .vi) -> String {
    var lines: [String] = []
    let p = summary.province
    lines.append(
      l.pick(
        "Đã xử lý \(summary.files) tệp: \(p.communes) hồ sơ xã-năm được chấm · \(p.passed) đạt · "
          + "\(p.failed) chưa đạt · \(p.rejected) bị từ chối"
          + (summary.skipped > 0 ? " · \(summary.skipped) bỏ qua (khác năm)" : ""),
        "Processed \(summary.files) files: \(p.communes) commune-year records scored · "
          + "\(p.passed) pass · \(p.failed) fail · \(p.rejected) rejected"
          + (summary.skipped > 0 ? " · \(summary.skipped) skipped (other years)" : "")))
    for set in summary.criteria {
      lines.append(
        l.pick(
          "Lưu ý: ", "Note: ")
          + Phrasebook(l).unverified(set.unverified, of: set.indicators, set: set.id)
          + l.pick(
            ". \(set.scored) tệp được chấm theo bộ này.",
            ". \(set.scored) files were scored with it.")
          + (set.source.map { " " + Phrasebook(l).source($0) } ?? ""))
    }
    lines.append(Phrasebook(l).districtsAsOf(unitsChecked: summary.unitsChecked))
    lines.append("")
    var header: String = l.pick("Huyện", "District").padded(to: 26)
    header += l.pick("Số xã", "Scored").leftPadded(to: 7) + l.pick("Đạt", "Pass").leftPadded(to: 6)
    header += l.pick("Chưa", "Fail").leftPadded(to: 6)
    header += l.pick("Từ chối", "Rejected").leftPadded(to: 9)
    header += l.pick("Điểm TB", "Mean").leftPadded(to: 9)
    header += l.pick("Tỷ lệ đạt", "Pass rate").leftPadded(to: 11)
    lines.append(header)
    func row(_ label: String, _ tally: BatchTally) -> String {
      let mean: String = tally.meanTotal.map(l.formatPercent) ?? "—"
      var rate = "—"
      if let value = tally.passRate { rate = l.formatPercent(value) + "%" }
      var text: String = label.truncated(to: 25).padded(to: 26)
      text += String(tally.communes).leftPadded(to: 7)
      text += String(tally.passed).leftPadded(to: 6)
      text += String(tally.failed).leftPadded(to: 6)
      text += String(tally.rejected).leftPadded(to: 9)
      text += mean.leftPadded(to: 9)
      text += rate.leftPadded(to: 11)
      return text
    }
    for district in summary.districts {
      lines.append(row(Phrasebook(l).groupLabel(district), district.tally))
    }
    lines.append(row(l.pick("Toàn bộ", "All"), p))
    if let reevaluation = summary.reevaluation {
      lines.append("")
      lines.append(
        l.pick(
          "So với lần trước: \(reevaluation.toWithdraw.count) đề nghị thu hồi · "
            + "\(reevaluation.toMaintain.count) duy trì · \(reevaluation.candidates.count) mới đạt · "
            + "\(reevaluation.notReassessed.count) trước đạt nay không có hồ sơ",
          "Against the previous run: \(reevaluation.toWithdraw.count) to withdraw · "
            + "\(reevaluation.toMaintain.count) to maintain · \(reevaluation.candidates.count) newly "
            + "passing · \(reevaluation.notReassessed.count) passed before, no file now"))
      for item in reevaluation.toWithdraw {
        lines.append(
          l.pick("  thu hồi: ", "  withdraw: ")
            + "\(item.now.name) (\(item.now.code)), " + l.pick("năm ", "year ") + "\(item.now.year)"
        )
      }
    }
    lines.append("")
    lines.append(
      l.pick("Kết quả: ", "Results: ")
        + "\(out)/results.jsonl, errors.jsonl, summary.json, summary.csv, summary.xlsx, "
        + "report.html")
    return lines.joined(separator: "\n") + "\n"
  }

  /// Progress on a terminal: files done / total and the rate, at most ten times a second.
  final class Progress: Sendable {
    private let console: Console
    private let start = Date()
    private let last = Mutex(Date.distantPast)

    init(console: Console) { self.console = console }

    func report(_ done: Int, _ total: Int) {
      let now = Date()
      let line: String? = last.withLock { last in
        guard done == total || now.timeIntervalSince(last) >= 0.1 else { return nil }
        last = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        return "\r\(done)/\(total) tệp · \(Int(Double(done) / elapsed)) tệp/giây"
      }
      if let line { console.err(line) }
    }
  }
}
