import Foundation
import YTXAFormats
import YTXAKit

/// `ytxa score FILE... [--criteria PATH] [--format text|json|csv] [--lang vi|en]`
enum ScoreCommand {
  static let spec = CommandSpec(
    name: "score",
    summary: "Score commune evidence files against the national commune health criteria.",
    summaryVi: "Chấm điểm các tệp minh chứng của xã theo Bộ tiêu chí quốc gia về y tế " + "xã.",
    positionals: "FILE...", minimumPositionals: 1, maximumPositionals: .max,
    options: [
      .init(
        "--criteria", value: "PATH",
        help: "Criteria file to use instead of the bundled set the evidence names.",
        vi: "Tệp bộ tiêu chí dùng thay cho bộ kèm theo mà tệp minh chứng ghi."),
      .init(
        "--format", value: "FORMAT",
        allowed: ["text", "json", "csv", "html", "xlsx", "evidence"],
        help: "Output format (default text); xlsx: redirect it, > scores.xlsx; evidence: each "
          + "assessment read (a JSON file or a table's row) written back as an evidence file.",
        vi: "Định dạng đầu ra (mặc định text); xlsx: chuyển vào tệp, > diem.xlsx; evidence: mỗi "
          + "lần đánh giá đọc được (tệp JSON hoặc một dòng của bảng) ghi lại thành tệp số liệu."),
      HeadersOption.option(for: "csv, xlsx"),
      IssuedOption.option,
      .init(
        "--lang", value: "LANG", allowed: ["vi", "en"],
        help: "Language of text output (default vi).",
        vi: "Ngôn ngữ của báo cáo và thông báo (mặc định vi)."),
      UnitsOption.option,
    ],
    discussion: """
      FILE may be a folder: its *.json files are scored, recursively, in name order. A .csv file
      or an .xlsx workbook (the sheet with the commune_code key) laid out as 'ytxa template'
      gives its rows.
      Exit codes: 0 every commune passes; 1 a commune does not pass or a file was rejected
      (its problems go to stderr and the other files are still scored); 2 bad usage or an
      unreadable criteria file.
      """,
    discussionVi: """
      FILE có thể là một thư mục: các tệp *.json trong đó được chấm, kể cả thư mục con, theo thứ
      tự tên. Một tệp .csv hoặc .xlsx (trang có khóa commune_code) theo mẫu 'ytxa template' cho
      các dòng của nó.
      Mã thoát: 0 mọi xã đạt; 1 có xã chưa đạt hoặc có tệp bị từ chối (lỗi in ra stderr, các tệp
      khác vẫn được chấm); 2 dùng sai lệnh hoặc không đọc được tệp bộ tiêu chí.
      """)

  /// A scored file, with the criteria set that scored it.
  struct Scored {
    var result: CommuneResult
    var criteria: CriteriaSet
    var evidence: Evidence
  }

  static func run(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(spec, arguments, console: console)
    guard let parsed else { return code }
    let language = parsed.language
    if parsed["--format"] == "xlsx", !console.mayWriteBinary("xlsx", language) {
      return ExitCode.usage
    }
    let inputs: Inputs
    switch ScoreCommand.inputs(parsed, console: console) {
    case .success(let read): inputs = read
    case .failure(let exit): return exit.code
    }
    let (resolver, files) = (inputs.resolver, inputs.files)
    let format = parsed["--format"] ?? "text"
    let headers = HeadersOption.value(parsed)
    if format == "evidence" {
      return evidence(
        files: files, rejected: inputs.unlisted, resolver: resolver, language: language, console)
    }
    if format == "html" {
      guard let issued = IssuedOption.value(parsed, console: console) else { return ExitCode.usage }
      return html(
        files: files, rejected: inputs.unlisted, resolver: resolver, language: language,
        issued: issued, console: console)
    }
    // Text, JSON, CSV and xlsx stream: files are scored in parallel a window at a time and
    // written in input order as they are ready, so memory does not grow with the number of files.
    var rejected = inputs.unlisted
    var rows = RejectedRows()
    var stream = Stream(
      format: format, language: language, headers: headers, single: files.count == 1,
      console: console)
    if format == "json", files.count > 1 { console.out("[") }
    orderedParallelMap(
      count: files.count, jobs: ProcessInfo.processInfo.activeProcessorCount,
      work: { index -> Result<(Scored, Rendered), FileError> in
        score(files[index], resolver: resolver).map { item in
          (
            item,
            render(
              item, format: format, language: language, headers: headers,
              single: files.count == 1)
          )
        }
      },
      emit: { _, outcome in
        switch outcome {
        case .failure(let error):
          rejected += 1
          console.rejected(error, &rows, language)
        case .success(let (item, rendered)):
          stream.write(item, rendered)
        }
      })
    console.closeRejected(rows, language)
    guard stream.finish(files: files.count, rejected: rejected) else {
      return ExitCode.outputFailure
    }
    let allPass = rejected == 0 && stream.passed == stream.scoredCount
    return allPass ? ExitCode.success : ExitCode.failure
  }

  /// `--format evidence`: every assessment the inputs hold, as the evidence file (interfaces
  /// §1) the engine reads it as: one object for one, an array for several. Exit 0 when every
  /// input was read, 1 otherwise (each one rejected said on stderr).
  static func evidence(
    files: SourceList, rejected unlisted: Int, resolver: CriteriaResolver, language: Language,
    _ console: Console
  ) -> Int32 {
    var read: [JSONOutput] = []
    var rejected = unlisted
    var rows = RejectedRows()
    for file in files {
      switch load(file, resolver: resolver) {
      case .success(let (evidence, _)): read.append(evidence.fileJSON)
      case .failure(let error):
        rejected += 1
        console.rejected(error, &rows, language)
      }
    }
    console.closeRejected(rows, language)
    if files.count == 1, let one = read.first {
      console.outBytes(one.bytes(pretty: true) + [0x0A])
    } else {
      console.outBytes(JSONOutput.array(read).bytes(pretty: true) + [0x0A])
    }
    return rejected == 0 ? ExitCode.success : ExitCode.failure
  }

  /// One scored file in a streamed format: its report (text), its CSV rows, or its JSON object
  /// (as an element of the array, or the whole document for a single file).
  static func render(
    _ item: Scored, format: String, language: Language, headers: Table.Headers, single: Bool
  ) -> Rendered {
    switch format {
    case "xlsx":
      return .cells(
        ScoreCSVReport(criteria: item.criteria, language: language, headers: headers).cells(
          item.result))
    case "json":
      return .json(
        item.result.prettyJSON(
          language: language, criteriaFile: item.criteria.source, arrayElement: !single))
    case "csv":
      return .text(
        ScoreCSVReport(criteria: item.criteria, language: language, headers: headers).rows(
          item.result))
    default:
      return .text(
        ScoreTextReport(criteria: item.criteria, language: language).render(item.result))
    }
  }

  /// One file's output: JSON as bytes (written as they are), or text.
  enum Rendered {
    case json([UInt8])
    case text(String)
    /// Rows of a workbook sheet.
    case cells([[Table.Cell]])
  }

  /// `--format html`: one self-contained page per criteria set, a section per commune (no
  /// repair plan); the page needs every commune, so it is made in memory.
  static func html(
    files: SourceList, rejected unlisted: Int, resolver: CriteriaResolver, language: Language,
    issued: Day, console: Console
  ) -> Int32 {
    var scored: [Scored] = []
    var rejected = unlisted
    var rows = RejectedRows()
    for file in files {
      switch score(file, resolver: resolver) {
      case .success(let item): scored.append(item)
      case .failure(let error):
        rejected += 1
        console.rejected(error, &rows, language)
      }
    }
    console.closeRejected(rows, language)
    let checks = scored.map { item in
      (
        check: CheckResult(evidence: item.evidence, criteria: item.criteria, result: item.result),
        criteria: item.criteria
      )
    }
    for group in CheckCommand.grouped(checks) {
      console.out(
        CheckHTMLReport(
          criteria: group.criteria, language: language, includesPlan: false, issued: issued
        ).render(group.checks))
    }
    let allPass = rejected == 0 && scored.allSatisfy(\.result.hasPassed)
    return allPass ? ExitCode.success : ExitCode.failure
  }

  /// What `score` and `check` read: the resolver, the files, and how many entries could not be
  /// listed (already reported, and counted as rejected files).
  struct Inputs {
    var resolver: CriteriaResolver
    var files: SourceList
    /// The inputs rejected before any was read (an unlistable entry, an unusable table).
    var unlistedInputs: [RejectedInput] = []
    /// Table rows nobody filled in.
    var unfilled = TableRows.Unfilled()

    /// How many inputs were rejected before any was read.
    var unlisted: Int { unlistedInputs.count }

    /// What could not be scored so far, for the reports that list it.
    var unread: UnreadInputs { UnreadInputs(rejected: unlistedInputs, unfilled: unfilled) }
  }

  /// An exit code, as an error (for the shared input preparation).
  struct Exit: Error {
    var code: Int32
  }

  /// The criteria resolver (`--criteria`) and the evidence files (folders expanded) of `score`
  /// and `check`; reports problems on `console`.
  static func inputs(_ parsed: ParsedArguments, console: Console) -> Result<Inputs, Exit> {
    let resolver: CriteriaResolver
    let language = parsed.language
    do {
      resolver = try CriteriaResolver(
        path: parsed["--criteria"], units: UnitsOption.Pending(parsed))
    } catch {
      console.error(Message(describing: error), language)
      return .failure(Exit(code: ExitCode.usage))
    }
    let (files, problems, tableErrors, unfilled) = expandEvidencePaths(
      parsed.positionals, criteria: try? resolver.defaultSet())
    if let note = UnitsOption.note(parsed) {
      console.err(language.pick("Lưu ý: ", "Note: ") + language(note) + "\n")
    }
    if let failure = resolver.unitsFailure {
      console.error(failure, language)
      return .failure(Exit(code: ExitCode.usage))
    }
    for problem in problems {
      console.err("\(OSName.display(problem.path)): " + language(problem.reason) + "\n")
    }
    for error in tableErrors { console.err(language(error.message) + "\n") }
    console.unfilled(unfilled, language)
    if files.isEmpty, tableErrors.isEmpty, unfilled.count > 0 {
      console.error(unfilled.noneFilled, language)
      return .failure(Exit(code: ExitCode.usage))
    }
    if files.isEmpty, tableErrors.isEmpty {
      let paths = parsed.positionals.map(OSName.display).joined(separator: ", ")
      console.error(
        "không có tệp số liệu nào trong \(paths) (*.json, hoặc các dòng của tệp .csv hay .xlsx).",
        "no evidence under \(paths) (*.json files, or rows of a .csv or .xlsx file).", language)
      return .failure(Exit(code: ExitCode.usage))
    }
    return .success(
      Inputs(
        resolver: resolver, files: files,
        unlistedInputs: problems.map {
          RejectedInput(
            source: OSName.display($0.path), commune: nil, problems: [$0.reason])
        } + tableErrors.map(\.rejectedInput),
        unfilled: unfilled))
  }

  /// An input that could not be read, and what stderr says of it.
  struct FileError: Error {
    var rejected: RejectedInput
    /// The table the input is a row of (`nil` for a file): of each table's rejected rows only
    /// the first are listed (``RejectedRows``).
    var table: String? = nil

    /// The lines for stderr, the input named once.
    var message: Message {
      Message(
        rejected.lines(.vi).joined(separator: "\n"), rejected.lines(.en).joined(separator: "\n"))
    }
  }

  /// Reads, validates and scores one file.
  static func score(_ source: BatchSource, resolver: CriteriaResolver) -> Result<Scored, FileError>
  {
    load(source, resolver: resolver).map { evidence, criteria in
      Scored(
        result: Scorer(criteria: criteria).score(evidence), criteria: criteria, evidence: evidence)
    }
  }

  /// Reads and validates one file (or table row) against the set it names (or the one given).
  static func load(_ source: BatchSource, resolver: CriteriaResolver) -> Result<
    (Evidence, CriteriaSet), FileError
  > {
    load(read: source, resolver: resolver).mapError { error in
      var error = error
      error.table = RejectedRows.table(of: source)
      return error
    }
  }

  private static func load(read source: BatchSource, resolver: CriteriaResolver) -> Result<
    (Evidence, CriteriaSet), FileError
  > {
    do {
      let name = OSName.display(source.name)
      switch try Evidence.read(source, criteria: resolver.criteria(forID:)) {
      case .read(var evidence, let criteria):
        try resolver.units?.resolve(&evidence)
        return .success((evidence, criteria))
      case .noCriteria(let error):
        return .failure(
          FileError(rejected: RejectedInput(source: name, commune: nil, problems: [error.message])))
      }
    } catch {
      return .failure(FileError(rejected: RejectedInput(error)))
    }
  }
}
