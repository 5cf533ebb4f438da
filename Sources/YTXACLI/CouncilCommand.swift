import Foundation
import YTXAFormats
import YTXAKit

/// `ytxa council PATH... [--round YYYY-MM] [--register PATH | --history PATH]
/// [--format html|json|csv|xlsx] [--issued DATE]`
enum CouncilCommand {
  static let spec = CommandSpec(
    name: "council",
    summary: "The papers of a provincial appraisal council's round: each commune's appraisal "
      + "minutes, the lists proposed for recognition and withdrawal, a one-page summary.",
    summaryVi: "Hồ sơ một đợt thẩm định của Hội đồng tỉnh: biên bản thẩm định từng xã, "
      + "danh sách đề nghị công nhận và thu hồi, báo cáo một trang.",
    positionals: "PATH...", minimumPositionals: 1, maximumPositionals: .max,
    options: [
      .init(
        "--round", value: "YYYY-MM",
        help: "Only the communes whose assessment date falls in this month (the round).",
        vi: "Chỉ các xã có ngày đánh giá trong tháng này (đợt thẩm định)."),
      .init(
        "--history", value: "PATH",
        help: "Earlier years' evidence: whether each commune held a recognition (new, "
          + "recognised again, maintained; withdrawal).",
        vi: "Số liệu các năm trước: xã đã được công nhận hay chưa (mới, công nhận "
          + "lại, duy trì; thu hồi)."),
      RegisterOption.option,
      OnMergeOption.option,
      .init(
        "--format", value: "FORMAT", allowed: ["html", "json", "csv", "xlsx"],
        help: "html (the default: papers to print and sign), json, or csv / xlsx: the proposals "
          + "as register rows, decision number and day to fill (see 'ytxa register').",
        vi: "html (mặc định: văn bản để in và ký), json, hoặc csv / xlsx: các đề nghị dưới dạng "
          + "dòng của sổ quyết định, số và ngày quyết định để điền (xem 'ytxa register')."),
      IssuedOption.option,
      .init(
        "--criteria", value: "PATH",
        help: "Criteria file to use instead of the bundled set the evidence names.",
        vi: "Tệp bộ tiêu chí dùng thay cho bộ kèm theo mà tệp minh chứng ghi."),
      .init(
        "--lang", value: "LANG", allowed: ["vi", "en"],
        help: "Language of the papers and messages (default vi).",
        vi: "Ngôn ngữ của văn bản và thông báo (mặc định vi)."),
      UnitsOption.option,
    ],
    discussion: """
      PATH is evidence as 'ytxa check' reads it (files, folders, .csv, .xlsx). Fields only
      people can fill (document numbers, place and date of signing, signatures) are left blank.
      Whether a passing commune is new, recognised again or maintained, and who is proposed for
      withdrawal, comes from the register's decisions (--register), else is inferred from
      earlier evidence (--history); with neither, every passing commune is proposed as new.
      Exit codes: 0 papers written; 1 papers written but an evidence file or a register row was
      rejected; 2 bad usage or no commune in the round.
      """,
    discussionVi: """
      PATH là số liệu như 'ytxa check' đọc (tệp, thư mục, .csv, .xlsx). Những gì chỉ người mới
      điền được (số văn bản, địa điểm và ngày ký, thời gian họp, thành viên có mặt, chữ ký) được để
      trống. Hồ sơ không đọc được được liệt kê kèm lý do; nguồn dữ liệu (các tệp và SHA-256) ở trang
      cuối. Xã đạt là công nhận mới, công nhận lại hay duy trì, và xã nào đề nghị thu hồi, lấy theo
      sổ quyết định (--register), nếu không có thì suy ra từ số liệu các năm trước (--history);
      không có cả hai thì mọi xã đạt được đề nghị công nhận mới. Mã thoát: 0 đã lập hồ sơ; 1 đã lập
      hồ sơ nhưng có tệp hoặc dòng sổ quyết định bị từ chối; 2 dùng sai lệnh hoặc không có xã nào
      trong đợt.
      """)

  static func run(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(spec, arguments, console: console)
    guard let parsed else { return code }
    let language = parsed.language
    guard let issued = IssuedOption.value(parsed, console: console) else { return ExitCode.usage }
    /// The round's month as it begins an ISO date (`2025-06`).
    var month: String?
    if let text = parsed["--round"] {
      guard let day = Day(iso: text + "-01") else {
        console.error(
          "--round: cần một tháng dạng YYYY-MM, gặp \"\(text)\".",
          "--round: a month YYYY-MM is needed, found \"\(text)\".", language)
        return ExitCode.usage
      }
      month = String(day.iso.prefix(7))
    }
    let inputs: ScoreCommand.Inputs
    switch ScoreCommand.inputs(parsed, console: console) {
    case .success(let read): inputs = read
    case .failure(let exit): return exit.code
    }
    var unread = inputs.unread
    var rows = RejectedRows()
    var checks: [(check: CheckResult, criteria: CriteriaSet)] = []
    for file in inputs.files {
      switch ScoreCommand.load(file, resolver: inputs.resolver) {
      case .failure(let error):
        unread.add(error.rejected)
        console.rejected(error, &rows, language)
      case .success(let (evidence, criteria)):
        let check = CheckResult(evidence: evidence, criteria: criteria)
        if let month {
          let day = UnitResolver.day(
            assessedOn: check.result.assessedOn, year: check.result.year)
          guard day.iso.hasPrefix(month) else {
            continue
          }
        }
        checks.append((check, criteria))
      }
    }
    console.closeRejected(rows, language)
    guard !checks.isEmpty else {
      console.error(
        "không có xã nào trong đợt" + (parsed["--round"].map { " \($0)" } ?? "") + ".",
        "no commune in the round" + (parsed["--round"].map { " \($0)" } ?? "") + ".", language)
      return ExitCode.usage
    }
    if parsed["--register"] != nil, parsed["--history"] != nil {
      console.error(
        "--register và --history: chỉ dùng một nguồn công nhận trước đây (sổ quyết định là nguồn "
          + "chính thức).",
        "--register and --history: give one source of earlier recognition (the register is the "
          + "official one).", language)
      return ExitCode.usage
    }
    var recognition: UnitRecognition?
    var registerRejected = false
    switch RegisterOption.read(
      parsed, resolver: inputs.resolver, criteria: checks[0].criteria, console: console)
    {
    case .success(let read?):
      registerRejected = read.rejected
      recognition = read.register.recognition(
        registry: read.registry, policy: OnMergeOption.value(parsed),
        validity: checks[0].criteria.recognitionYears)
    case .success(nil): break
    case .failure(let exit): return exit.code
    }
    var history: [CouncilRound.Past] = []
    var unreadHistory = 0
    if let path = parsed["--history"] {
      let (read, unreadable) = past(
        from: path, resolver: inputs.resolver, language: language, console: console)
      // A history that gives nothing would make every pass "mới" without a word.
      guard !read.isEmpty else {
        console.error(
          "--history \(OSName.display(path)): không có hồ sơ nào đọc được, nên không xác định được "
            + "xã nào đã được công nhận (mới, công nhận lại, duy trì).",
          "--history \(OSName.display(path)): no assessment could be read, so whether a commune "
            + "was recognised before (new, again, maintained) cannot be told.", language)
        return ExitCode.usage
      }
      history = read
      unreadHistory = unreadable
    }
    var report = CouncilReport(
      round: recognition.map {
        CouncilRound(round: parsed["--round"], checks: checks, recognition: $0)
      } ?? CouncilRound(round: parsed["--round"], checks: checks, history: history),
      language: language, issued: issued)
    report.unread = unread
    report.evidenceFiles = evidenceDigests(inputs.files, tables: parsed.positionals)
    switch parsed["--format"] ?? "html" {
    case "json": console.out(report.jsonOutput().pretty() + "\n")
    case "csv": console.out(report.round.draftDecisions(language: language).csv())
    case "xlsx":
      guard console.mayWriteBinary("xlsx", language) else { return ExitCode.usage }
      console.outBytes(
        report.round.draftDecisions(language: language).xlsx(
          sheet: language.pick("Dự thảo quyết định", "Draft decisions")))
    default: console.out(report.html())
    }
    return unread.rejectedCount + unreadHistory == 0 && !registerRejected
      ? ExitCode.success : ExitCode.failure
  }

  /// Each evidence file the round read (a JSON file, or a table once) with its SHA-256, in the
  /// order read: the papers' last page.
  private static func evidenceDigests(_ sources: SourceList, tables: [String]) -> [(
    path: String, sha256: String
  )] {
    var paths: [String] = []
    var seen: Set<String> = []
    for table in tables where BatchCSV.isTable(table) && seen.insert(table).inserted {
      paths.append(table)
    }
    for case .file(let path) in sources where seen.insert(path).inserted { paths.append(path) }
    return paths.compactMap { path in
      (try? FileDigest.of(path, limit: BatchCSV.isTable(path) ? .table : .evidence).get()).map {
        (OSName.display(path), $0.sha256)
      }
    }
  }

  /// The earlier assessments under `path`: each commune code, year and verdict. Files that
  /// cannot be read are said, and left out.
  private static func past(
    from path: String, resolver: CriteriaResolver, language: Language, console: Console
  ) -> (read: [CouncilRound.Past], unread: Int) {
    let (files, problems, tableErrors, _) = expandEvidencePaths(
      [path], criteria: try? resolver.defaultSet())
    var unread = problems.count + tableErrors.count
    for problem in problems {
      console.err("\(OSName.display(problem.path)): " + language(problem.reason) + "\n")
    }
    for error in tableErrors { console.err(language(error.message) + "\n") }
    var past: [CouncilRound.Past] = []
    var rows = RejectedRows()
    for file in files {
      switch ScoreCommand.score(file, resolver: resolver) {
      case .failure(let error):
        unread += 1
        console.rejected(error, &rows, language)
      case .success(let item):
        past.append(
          CouncilRound.Past(
            code: item.result.commune.code, year: item.result.year,
            passed: item.result.hasPassed, assessedOn: item.result.assessedOn))
      }
    }
    console.closeRejected(rows, language)
    return (past, unread)
  }
}
