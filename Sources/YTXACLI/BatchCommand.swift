import Foundation
import Synchronization
import YTXAFormats
import YTXAKit

/// `ytxa batch PATH [--year Y] [--out DIR] [--criteria PATH] [--jobs N] [--previous DIR]`
enum BatchCommand {
  static let spec = CommandSpec(
    name: "batch",
    summary: "Score every evidence file under a folder (or every row of a CSV file) in parallel.",
    summaryVi: "Chấm song song mọi tệp minh chứng trong một thư mục (hoặc mọi dòng của "
      + "một bảng).",
    positionals: "PATH", minimumPositionals: 1, maximumPositionals: 1,
    options: [
      .init(
        "--year", value: "Y", help: "Keep only this assessment year (others are skipped).",
        vi: "Chỉ giữ năm đánh giá này (các năm khác bỏ qua)."),
      .init(
        "--out", value: "DIR", help: "Output folder (default ./ytxa-results).",
        vi: "Thư mục kết quả (mặc định ./ytxa-results)."),
      .init(
        "--criteria", value: "PATH",
        help: "Criteria file to use instead of the bundled set each file names.",
        vi: "Tệp bộ tiêu chí dùng thay cho bộ kèm theo mà mỗi tệp ghi."),
      .init(
        "--jobs", value: "N", help: "Parallel workers (default: the number of cores).",
        vi: "Số luồng chạy song song (mặc định: số lõi)."),
      .init(
        "--compare-criteria", value: "PATH",
        help: "Also score every commune under this criteria file (a corrected set, say): "
          + "compare.jsonl lists whose verdict or total changes.",
        vi: "Chấm thêm mọi xã theo tệp bộ tiêu chí này (ví dụ bộ đã hiệu chỉnh): "
          + "compare.jsonl liệt kê xã đổi kết luận hoặc tổng điểm."),
      .init(
        "--previous", value: "DIR",
        help: "An earlier run's output folder: list communes to withdraw, maintain, and new.",
        vi: "Thư mục kết quả của lần chạy trước: liệt kê xã đề nghị thu hồi, duy "
          + "trì, và mới đạt."),
      .init(
        "--format", value: "FORMAT", allowed: ["text", "json"],
        help: "Format of the summary on stdout (default text).",
        vi: "Định dạng bản tóm tắt in ra màn hình (mặc định text)."),
      .init(
        "--lang", value: "LANG", allowed: ["vi", "en"],
        help: "Language of the summary on stdout, report.html and the summary table's column "
          + "names (default vi).",
        vi: "Ngôn ngữ của bản tóm tắt, report.html và tên cột của bảng tổng hợp " + "(mặc định vi)."
      ),
      HeadersOption.option(for: "summary.csv and summary.xlsx"),
      UnitsOption.option,
    ],
    discussion: """
      PATH is a folder, searched recursively for *.json (the output folder is left out), a .csv
      file, or an .xlsx workbook (the sheet whose first rows hold the commune_code key) laid out
      as 'ytxa template'.
      The output folder receives results.jsonl, errors.jsonl, summary.json, summary.csv,
      summary.xlsx (the same rows, numbers as numbers), report.html, compare.jsonl (with
      --compare-criteria) and manifest.json (the engine, the command line, and the SHA-256 of
      the criteria, registry, every input and every output: 'ytxa verify DIR' checks them), each
      written to a temporary file and renamed into place. A bad file is recorded in
      errors.jsonl and the run goes on.
      The folder must be new, empty or an earlier run's: it is replaced as a whole, in one step,
      when every output is written, and a second run into it refuses while one is writing.
      Exit codes: 0 every commune passes and no file was rejected; 1 otherwise; 2 bad usage, no
      evidence found, or an output folder that cannot be used; 3 the outputs could not be
      written (the folder is left as it was).
      """,
    discussionVi: """
      PATH là một thư mục (tìm *.json trong mọi thư mục con, trừ thư mục kết quả), một tệp .csv,
      hoặc một tệp .xlsx (trang có khóa commune_code ở các dòng đầu) theo mẫu 'ytxa template'.
      Thư mục kết quả nhận results.jsonl, errors.jsonl, summary.json, summary.csv, summary.xlsx,
      report.html, compare.jsonl (với --compare-criteria) và manifest.json (phiên bản, dòng lệnh,
      SHA-256 của bộ tiêu chí, danh mục đơn vị, mọi đầu vào và mọi đầu ra: 'ytxa verify DIR' kiểm
      tra lại); mỗi tệp được ghi vào tệp tạm rồi đổi tên. Tệp hỏng được ghi vào errors.jsonl và
      lần chạy vẫn tiếp tục; dòng chưa điền được đếm.
      Thư mục phải mới, rỗng, hoặc là kết quả của lần chạy trước: nó được thay cả một lần khi mọi
      đầu ra đã ghi xong; lần chạy thứ hai vào cùng thư mục bị từ chối khi lần đầu đang ghi.
      Mã thoát: 0 mọi xã đạt và không tệp nào bị từ chối; 1 trường hợp khác; 2 dùng sai lệnh, không
      có số liệu, hoặc thư mục kết quả không dùng được; 3 không ghi được kết quả (thư mục giữ
      nguyên như trước).
      """)

  /// Runs a batch; `excluding` names more folders to leave out of the input walk (`verify`
  /// re-runs into another folder and leaves out the folder it checks).
  static func run(_ arguments: [String], console: Console, excluding: [String] = []) -> Int32 {
    let started = Date()
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

    let (sources, inputErrors, isTable) = inputs(
      path, resolver: resolver,
      excluding: folder.identities.union(excluding.compactMap(FileSystem.identity)))
    if let refusal = Self.refusal(
      sources, inputErrors: inputErrors, unitsFailure: resolver.unitsFailure, path: path, out: out)
    {
      console.error(refusal, language)
      return ExitCode.usage
    }

    let progress: (@Sendable (Int, Int) -> Void)? =
      console.isErrorTerminal ? Progress(console: console).report : nil
    // The benchmark's switch (Benchmarks/ytxa-bench), to measure what the digests cost: the
    // manifest then names no SHA-256 and `verify` cannot check the run.
    let digests = ProcessInfo.processInfo.environment[Self.skipDigestsKey] != "1"
    if !digests {
      console.error(
        Message(
          "\(Self.skipDigestsKey)=1 (chỉ dùng để đo tốc độ): không tính SHA-256; manifest.json "
            + "không ghi mã băm nào và ytxa verify không kiểm được lần chạy này.",
          "\(Self.skipDigestsKey)=1 (for benchmarks only): no SHA-256 is taken; manifest.json "
            + "names no digest and ytxa verify cannot check this run."), language)
    }
    let runner = BatchRunner(
      options: .init(
        year: year, jobs: jobs, scratchFolder: folder.staging, units: resolver.units,
        language: language, hashInputs: !isTable && digests, compare: settings.compare),
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
    // A table with a header and no row: nothing to score, as for a folder without evidence
    // (its rows are counted only as they are read, so this is known after the run).
    if isTable, outcome.records.isEmpty, outcome.errors.isEmpty, outcome.skipped == 0,
      outcome.unfilled.count > 0
    {
      console.unfilled(outcome.unfilled, language)
      console.error(outcome.unfilled.noneFilled, language)
      return ExitCode.usage
    }
    if isTable, outcome.records.isEmpty, outcome.errors.isEmpty, outcome.skipped == 0,
      let refusal = Self.refusal(
        BatchSources(), inputErrors: [], unitsFailure: nil, path: path, out: out)
    {
      console.error(refusal, language)
      return ExitCode.usage
    }
    if outcome.records.isEmpty, outcome.errors.isEmpty, let year {
      console.error(nothingFor(year, path: path, skipped: outcome.skipped, out: out), language)
      return ExitCode.usage
    }
    let reevaluation = previous.map { Reevaluation(previous: $0, current: standings(outcome)) }
    let summary = BatchSummary(outcome: outcome, year: year, reevaluation: reevaluation)
    let run = RunRecord(
      parsed, arguments: arguments, started: started, resolver: resolver, input: path,
      table: isTable ? sources.count : nil)
    do {
      try write(
        outcome, summary, to: folder.staging, jobs: jobs, language: language,
        headers: HeadersOption.value(parsed), run: run, digests: digests)
      try folder.commit()
    } catch {
      console.error(
        leftUnchanged(error, out: out), language)
      return ExitCode.outputFailure
    }
    for error in outcome.errors {
      console.err(error.rejectedInput.lines(language).joined(separator: "\n") + "\n")
    }
    if let closing = outcome.unlistedClosing { console.err(language(closing) + "\n") }
    report(summary, json: parsed["--format"] == "json", out: out, language: language, console)
    return summary.allPass ? ExitCode.success : ExitCode.failure
  }

  /// Why a run cannot start once its inputs are listed: the registry could not be read, or
  /// there is no evidence at all; `nil` when it can.
  static func refusal(
    _ sources: BatchSources, inputErrors: [BatchError], unitsFailure: Message?, path: String,
    out: String
  ) -> Message? {
    if let unitsFailure {
      return unitsFailure
        + Message("; không ghi gì vào \(out).", "; nothing was written to \(out).")
    }
    guard sources.table == nil, sources.count == 0, sources.problems.isEmpty, inputErrors.isEmpty
    else { return nil }
    return Message(
      "không có tệp số liệu nào trong \(OSName.display(path)) (tệp *.json, hoặc các dòng của một "
        + "tệp .csv); không ghi gì vào \(out).",
      "no evidence file under \(OSName.display(path)) (*.json files, or rows of a .csv "
        + "file); nothing was written to \(out).")
  }

  /// A `--year` no file has: nothing is written.
  static func nothingFor(_ year: Int, path: String, skipped: Int, out: String) -> Message {
    Message(
      "không có tệp số liệu năm \(year) trong \(OSName.display(path)) (\(skipped) tệp "
        + "của các năm khác); không ghi gì vào \(out).",
      "no evidence file for \(year) under \(OSName.display(path)) (\(skipped) "
        + "files of other years); nothing was written to \(out).")
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
    /// The set `--compare-criteria` names, read as given.
    var compare: CriteriaSet?

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
        if let note = UnitsOption.note(parsed) {
          console.err(language.pick("Lưu ý: ", "Note: ") + language(note) + "\n")
        }
        do {
          let compare = try parsed["--compare-criteria"].map { path throws(CriteriaError) in
            try CriteriaSet(contentsOf: URL(fileURLWithPath: path))
          }
          return .success(
            Settings(
              year: year, jobs: jobs,
              resolver: try CriteriaResolver(path: parsed["--criteria"], units: units),
              compare: compare))
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

  /// The sources of a run: a table's rows (read as they are scored), or a folder's JSON files
  /// (leaving out the output folder); a table that cannot be used at all is one input error.
  static func inputs(_ path: String, resolver: CriteriaResolver, excluding: Set<FileIdentity>)
    -> (BatchSources, [BatchError], isTable: Bool)
  {
    guard let table = BatchCSV.openTable(path: path, criteria: try? resolver.defaultSet())
    else {
      return (BatchSources.files(under: path, excluding: excluding), [], false)
    }
    switch table {
    case .success(let rows): return (BatchSources(table: rows), [], true)
    case .failure(let error): return (BatchSources(), [error], true)
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

}
